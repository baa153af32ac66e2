namespace Connector.Domain.Ledger;

/// <summary>
/// The canonical AR records of one company, with each customer's items grouped under its account.
/// Built once per load; everything after reads it.
/// </summary>
public sealed partial class ArLedger
{
    private readonly Dictionary<string, CustomerAccount> accountsById;

    public ArLedger(
        IEnumerable<Customer> customers,
        IEnumerable<Invoice> invoices,
        IEnumerable<Payment>? payments = null,
        IEnumerable<Order>? orders = null,
        IEnumerable<ExchangeRate>? rates = null,
        IEnumerable<PaymentPromise>? promises = null,
        IEnumerable<Collector>? collectors = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(invoices);

        var accounts = new List<CustomerAccount>();
        accountsById = new Dictionary<string, CustomerAccount>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            var account = new CustomerAccount(customer);
            if (!accountsById.TryAdd(customer.Id, account))
            {
                throw new ArgumentException($"Customer '{customer.Id}' appears twice.", nameof(customers));
            }

            account.Index = accounts.Count;
            accounts.Add(account);
        }

        Accounts = accounts;
        var unassigned = new List<Payment>();
        var orphans = new List<string>();

        foreach (var invoice in invoices)
        {
            var account = Find(invoice.CustomerId);
            if (account is null)
            {
                orphans.Add($"invoice {invoice.Id} names unknown customer '{invoice.CustomerId}'");
                continue;
            }

            account.invoiceList.Add(invoice);
            if (invoice.IsOpen)
            {
                account.openItemList.Add(invoice);
            }
        }

        foreach (var payment in payments ?? [])
        {
            var account = string.IsNullOrEmpty(payment.CustomerId) ? null : Find(payment.CustomerId);
            if (account is null)
            {
                unassigned.Add(payment);
            }
            else
            {
                account.paymentList.Add(payment);
            }
        }

        foreach (var order in orders ?? [])
        {
            var account = Find(order.CustomerId);
            if (account is null)
            {
                orphans.Add($"order {order.Id} names unknown customer '{order.CustomerId}'");
                continue;
            }

            account.orderList.Add(order);
        }

        foreach (var promise in promises ?? [])
        {
            var account = Find(promise.CustomerId);
            if (account is null)
            {
                orphans.Add($"promise of {promise.DueDate:yyyy-MM-dd} names unknown customer '{promise.CustomerId}'");
                continue;
            }

            account.promiseList.Add(promise);
        }

        foreach (var account in accounts)
        {
            account.openItemList.Sort(static (a, b) => a.DueDate.CompareTo(b.DueDate));
            if (account.Customer.ParentId is { Length: > 0 } parentId
                && parentId != account.Id
                && Find(parentId) is { } parent)
            {
                account.Parent = parent;
                parent.childList.Add(account);
            }
            else if (account.Customer.ParentId is { Length: > 0 } missing && missing != account.Id)
            {
                orphans.Add($"customer {account.Id} names unknown parent '{missing}'");
            }
        }

        foreach (var account in accounts)
        {
            account.Compact();
        }

        UnassignedPayments = unassigned;
        Rates = [.. rates ?? []];
        Collectors = [.. collectors ?? []];
        Orphans = orphans;
    }

    /// <summary>Every customer account, in the order the customers were given.</summary>
    public IReadOnlyList<CustomerAccount> Accounts { get; }

    /// <summary>Payments whose payer is not (yet) known: cash application identifies them.</summary>
    public IReadOnlyList<Payment> UnassignedPayments { get; }

    public IReadOnlyList<ExchangeRate> Rates { get; }

    public IReadOnlyList<Collector> Collectors { get; }

    /// <summary>Records that name a customer the ledger does not know; kept out of every figure.</summary>
    public IReadOnlyList<string> Orphans { get; }

    public CustomerAccount? Find(string customerId) =>
        accountsById.GetValueOrDefault(customerId);

    /// <summary>All payments: those assigned to a customer and those still unassigned.</summary>
    public IEnumerable<Payment> AllPayments =>
        Accounts.SelectMany(static a => a.Payments).Concat(UnassignedPayments);
}
