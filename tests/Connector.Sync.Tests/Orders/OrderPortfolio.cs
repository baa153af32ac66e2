using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Sync.Credit;

namespace Connector.Sync.Tests.Orders;

/// <summary>
/// A small evaluated ledger (USD, as of 2026-06-30) with the Dataverse ids of its accounts: Contoso is on hold (three
/// invoices over 60 days overdue, 12,400.00 USD; exposure 32,400 of 50,000), Fabrikam is good. Once Contoso has paid
/// the overdue invoices it is good too.
/// </summary>
internal static class OrderPortfolio
{
    public const string HeldCustomer = "C-HELD";
    public const string GoodCustomer = "C-GOOD";

    public static readonly DateOnly AsOf = new(2026, 6, 30);
    public static readonly DateTimeOffset Now = new(2026, 6, 30, 9, 0, 0, TimeSpan.Zero);

    public static readonly Guid HeldAccount = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000001");
    public static readonly Guid GoodAccount = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000002");

    /// <summary>An account in Dataverse that the ERP does not know.</summary>
    public static readonly Guid StrangerAccount = Guid.Parse("a1a1a1a1-0000-0000-0000-0000000000ff");

    /// <summary>Dataverse's currencies: US Dollar is the organisation's base currency.</summary>
    public static readonly Guid UsDollar = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000002");
    public static readonly Guid Euro = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000003");
    public static readonly Guid PoundSterling = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000004");
    public static readonly Guid Yen = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000005");

    public static readonly DataverseCurrencies Currencies = new(
        new Dictionary<Guid, string> { [UsDollar] = "USD", [Euro] = "EUR", [PoundSterling] = "GBP", [Yen] = "JPY" }, UsDollar);

    public static readonly Guid Owner = Guid.Parse("0e0e0e0e-0000-0000-0000-000000000001");

    /// <param name="paid">Contoso has paid its overdue invoices (no hold rule fires).</param>
    /// <param name="actions">Releases the evaluation honours.</param>
    /// <param name="heldName">Contoso's name (a very long one makes a very long sentence).</param>
    public static CreditSnapshot Snapshot(CreditPolicy? policy = null, bool paid = false, ManualActions? actions = null, string heldName = "Contoso Ltd")
    {
        Customer[] customers =
        [
            new() { Id = HeldCustomer, Name = heldName, Currency = "USD", CreditLimit = 50_000m, CollectorId = "COL-1" },
            new() { Id = GoodCustomer, Name = "Fabrikam Inc", Currency = "USD", CreditLimit = 50_000m, CollectorId = "COL-1" },
        ];
        List<Invoice> invoices = [Invoice("I4", HeldCustomer, 20_000m, 0), Invoice("I5", GoodCustomer, 40_000m, 0)];
        if (!paid)
        {
            invoices.AddRange([Invoice("I1", HeldCustomer, 5_000m, 61), Invoice("I2", HeldCustomer, 4_000m, 75), Invoice("I3", HeldCustomer, 3_400m, 90)]);
        }

        var ledger = new ArLedger(customers, invoices, null, null, null, null, [new Collector { Id = "COL-1", Name = "Jane Doe" }]);
        var credit = CreditEvaluator.Evaluate(ledger, new CurrencyConverter("USD", ledger.Rates).At(AsOf), policy ?? new CreditPolicy(), actions);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal) { [HeldCustomer] = HeldAccount, [GoodCustomer] = GoodAccount };
        return new CreditSnapshot(credit, ids, actions ?? ManualActions.None, Now, currencies: Currencies);
    }

    /// <summary>A release of Contoso's hold given today.</summary>
    public static HoldRelease CustomerRelease(DateOnly? until = null) => new()
    {
        CustomerId = HeldCustomer,
        ReleasedBy = "cli:jdoe",
        Reason = "wire transfer confirmed by the bank",
        ReleasedOn = AsOf,
        Until = until,
    };

    private static Invoice Invoice(string id, string customerId, decimal amount, int daysPastDue) => new()
    {
        Id = id,
        CustomerId = customerId,
        Currency = "USD",
        Amount = amount,
        OpenAmount = amount,
        DueDate = AsOf.AddDays(-daysPastDue),
        DocumentDate = AsOf.AddDays(-daysPastDue - 30),
    };
}
