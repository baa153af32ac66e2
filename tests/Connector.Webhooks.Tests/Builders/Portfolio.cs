using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Sync.Credit;

namespace Connector.Webhooks.Tests.Builders;

/// <summary>
/// A small evaluated ledger (USD, as of 2026-06-30) with the Dataverse ids of its accounts: Contoso is on hold (three
/// invoices over 60 days overdue, exposure 61,200 of 50,000), Fabrikam is good (40,000 of 50,000).
/// </summary>
internal static class Portfolio
{
    public static readonly DateOnly AsOf = new(2026, 6, 30);
    public static readonly DateTimeOffset EvaluatedAt = new(2026, 6, 30, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Dataverse's currencies: US Dollar is the organisation's base currency.</summary>
    public static readonly Guid UsDollar = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000002");
    public static readonly Guid Euro = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000003");
    public static readonly Guid PoundSterling = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000004");
    public static readonly Guid SwissFranc = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000005");

    public static readonly DataverseCurrencies Currencies = new(
        new Dictionary<Guid, string> { [UsDollar] = "USD", [Euro] = "EUR", [PoundSterling] = "GBP", [SwissFranc] = "CHF" }, UsDollar);

    public static readonly Guid HeldAccount = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000001");
    public static readonly Guid GoodAccount = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000002");

    /// <summary>An account in Dataverse that the ERP does not know.</summary>
    public static readonly Guid StrangerAccount = Guid.Parse("a1a1a1a1-0000-0000-0000-0000000000ff");

    public const string HeldSentence =
        "Order blocked: Contoso Ltd is on credit hold — 3 invoices more than 60 days overdue (12,400.00 USD); exposure 61,200.00 USD against a limit of 50,000.00 USD. Contact Jane Doe (Collections) to request a release.";

    public static CreditSnapshot Snapshot(CreditPolicy policy, DateTimeOffset? evaluatedAt = null)
    {
        Customer[] customers =
        [
            new() { Id = "C-HELD", Name = "Contoso Ltd", Currency = "USD", CreditLimit = 50_000m, CollectorId = "COL-1" },
            new() { Id = "C-GOOD", Name = "Fabrikam Inc", Currency = "USD", CreditLimit = 50_000m, CollectorId = "COL-1" },
        ];
        Invoice[] invoices =
        [
            Invoice("I1", "C-HELD", 5_000m, 61), Invoice("I2", "C-HELD", 4_000m, 75), Invoice("I3", "C-HELD", 3_400m, 90),
            Invoice("I4", "C-HELD", 48_800m, 0), Invoice("I5", "C-GOOD", 40_000m, 0),
        ];
        var ledger = new ArLedger(customers, invoices, null, null, null, null, [new Collector { Id = "COL-1", Name = "Jane Doe" }]);
        var credit = CreditEvaluator.Evaluate(ledger, new CurrencyConverter("USD", ledger.Rates).At(AsOf), policy);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal) { ["C-HELD"] = HeldAccount, ["C-GOOD"] = GoodAccount };
        return new CreditSnapshot(credit, ids, ManualActions.None, evaluatedAt ?? EvaluatedAt, currencies: Currencies);
    }

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
