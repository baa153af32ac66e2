namespace Connector.Domain.Ledger;

/// <summary>
/// One customer with everything the AR logic needs about it, grouped once when the ledger is built
/// so that evaluation walks each customer's items without lookups.
/// </summary>
public sealed class CustomerAccount
{
    internal CustomerAccount(Customer customer)
    {
        Customer = customer;
    }

    public Customer Customer { get; }

    public string Id => Customer.Id;

    /// <summary>Every invoice and credit memo, open or not (history feeds the payment profile).</summary>
    public IReadOnlyList<Invoice> Invoices => invoices;

    /// <summary>Invoices and credit memos with an open amount, oldest due date first.</summary>
    public IReadOnlyList<Invoice> OpenItems => openItems;

    public IReadOnlyList<Order> Orders => orders;

    public IReadOnlyList<Payment> Payments => payments;

    public IReadOnlyList<PaymentPromise> Promises => promises;

    /// <summary>The parent's account when this customer belongs to a group, else <c>null</c>.</summary>
    public CustomerAccount? Parent { get; internal set; }

    /// <summary>The direct children of this account (empty for a customer without a group).</summary>
    public IReadOnlyList<CustomerAccount> Children => children;

    /// <summary>The account's position in <see cref="ArLedger.Accounts"/>, so per-evaluation figures live in arrays.</summary>
    internal int Index { get; set; } = -1;

    internal readonly List<Invoice> invoices = [];
    internal readonly List<Invoice> openItems = [];
    internal readonly List<Order> orders = [];
    internal readonly List<Payment> payments = [];
    internal readonly List<PaymentPromise> promises = [];
    internal readonly List<CustomerAccount> children = [];
}
