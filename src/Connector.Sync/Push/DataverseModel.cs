using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>
/// The Dataverse tables and choice values the push writes, as <c>solution-package/</c> defines them (a test keeps the
/// two in step). Outbox targets are <c>dataverse:&lt;logical name&gt;</c>.
/// </summary>
public static class DataverseModel
{
    public static DataverseTable Accounts { get; } = new("account", "accounts", "accountnumber");

    public static DataverseTable OpenItems { get; } = new("arc_openitem", "arc_openitems", "arc_documentnumber");

    public static DataverseTable Payments { get; } = new("arc_payment", "arc_payments", "arc_paymentnumber");

    /// <summary>Sales orders, addressed by id: the connector writes only their credit status columns.</summary>
    public static DataverseTable SalesOrders { get; } = new("salesorder", "salesorders", "salesorderid");

    /// <summary>In-app notifications (Dynamics' bell), created by id so a repeat is recognised.</summary>
    public static DataverseTable AppNotifications { get; } = new("appnotification", "appnotifications", "appnotificationid");

    /// <summary>Contacts, read only to find a contact customer's parent account.</summary>
    public static DataverseTable Contacts { get; } = new("contact", "contacts", "contactid");

    /// <summary>Dataverse's currencies, read only to tell an order's currency by its id.</summary>
    public static DataverseTable TransactionCurrencies { get; } = new("transactioncurrency", "transactioncurrencies", "transactioncurrencyid");

    /// <summary>The organisation, read only for its base currency (the currency of <c>totalamount_base</c>).</summary>
    public static DataverseTable Organizations { get; } = new("organization", "organizations", "organizationid");

    /// <summary>The tables in push order: accounts first, because open items and payments point at them.</summary>
    public static IReadOnlyList<DataverseTable> PushOrder { get; } = [Accounts, OpenItems, Payments];

    public static string Target(DataverseTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return "dataverse:" + table.LogicalName;
    }

    /// <summary>The columns AR managers write in Dynamics and the read-back brings into the hold rules.</summary>
    public static IReadOnlyList<string> ReadBackColumns { get; } =
        ["accountnumber", "arc_manualhold", "arc_holdreleaseuntil", "arc_holdreleasereason", "_modifiedby_value", "modifiedon"];

    /// <summary>Choice values (option value prefix 47200).</summary>
    public static class Choices
    {
        /// <summary><c>arc_riskclass</c>: A–D.</summary>
        public static int RiskClass(Domain.Ledger.RiskClass riskClass) => 472_000_000 + (int)riskClass;

        /// <summary>
        /// <c>arc_openitem.arc_agingbucket</c>: Current, 1-30, 31-60, 61-90, 91-120, 121+ by the bucket's index in
        /// <see cref="Domain.Aging.AgingBuckets.Default"/> (the six buckets the account's aging columns show too).
        /// </summary>
        public static int AgingBucket(int index) => 472_000_000 + index;

        /// <summary><c>arc_openitem.arc_status</c>.</summary>
        public const int ItemOpen = 472_000_000;
        public const int ItemPaid = 472_000_001;
        public const int ItemDisputed = 472_000_002;
        public const int ItemWrittenOff = 472_000_003;

        /// <summary><c>arc_openitem.arc_documenttype</c>.</summary>
        public const int DocumentInvoice = 472_000_000;
        public const int DocumentCreditMemo = 472_000_001;

        /// <summary><c>arc_payment.arc_status</c>.</summary>
        public const int PaymentUnapplied = 472_000_000;
        public const int PaymentPartiallyApplied = 472_000_001;
        public const int PaymentApplied = 472_000_002;

        /// <summary><c>salesorder.arc_creditstatus</c>.</summary>
        public const int CreditApproved = 472_000_000;
        public const int CreditHeld = 472_000_001;
        public const int CreditReleased = 472_000_002;
        public const int CreditRejected = 472_000_003;
    }
}
