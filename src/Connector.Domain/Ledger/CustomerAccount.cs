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
    public IReadOnlyList<Invoice> Invoices => invoiceList;

    /// <summary>Invoices and credit memos with an open amount, oldest due date first.</summary>
    public IReadOnlyList<Invoice> OpenItems => openItemList;

    public IReadOnlyList<Order> Orders => orderList;

    public IReadOnlyList<Payment> Payments => paymentList;

    public IReadOnlyList<PaymentPromise> Promises => promiseList;

    /// <summary>The parent's account when this customer belongs to a group, else <c>null</c>.</summary>
    public CustomerAccount? Parent { get; internal set; }

    /// <summary>The direct children of this account (empty for a customer without a group).</summary>
    public IReadOnlyList<CustomerAccount> Children => childList;

    /// <summary>The account's position in <see cref="ArLedger.Accounts"/>, so per-evaluation figures live in arrays.</summary>
    internal int Index { get; set; } = -1;

    // Filled while the ledger is built, then compacted by Compact(); never changed afterwards.
    internal List<Invoice> invoiceList = [];
    internal List<Invoice> openItemList = [];
    internal List<Order> orderList = [];
    internal List<Payment> paymentList = [];
    internal List<PaymentPromise> promiseList = [];
    internal List<CustomerAccount> childList = [];

    /// <summary>
    /// Called once the ledger is built: empty lists become one shared empty list and the others lose
    /// their spare capacity. A ledger of 100,000 customers otherwise keeps ~400,000 empty lists and
    /// the growth slack of 2,000,000 references alive for its whole life, and every full garbage
    /// collection walks them.
    /// </summary>
    internal void Compact()
    {
        invoiceList = Compact(invoiceList);
        openItemList = invoiceList.Count == openItemList.Count && SameOrder(invoiceList, openItemList) ? invoiceList : Compact(openItemList);
        orderList = Compact(orderList);
        paymentList = Compact(paymentList);
        promiseList = Compact(promiseList);
        childList = Compact(childList);
    }

    private static List<T> Compact<T>(List<T> list)
    {
        if (list.Count == 0)
        {
            return Empty<T>.List;
        }

        list.TrimExcess();
        return list;
    }

    /// <summary>Whether every invoice is open and already in due-date order: then one list serves as both.</summary>
    private static bool SameOrder(List<Invoice> all, List<Invoice> open)
    {
        for (var i = 0; i < all.Count; i++)
        {
            if (!ReferenceEquals(all[i], open[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One empty list per item type, shared by every account (nobody adds to a built ledger).</summary>
    private static class Empty<T>
    {
        public static readonly List<T> List = [];
    }
}
