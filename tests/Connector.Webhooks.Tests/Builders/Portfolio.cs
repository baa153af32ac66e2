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

    /// <summary>An account whose customer's credit currency is the euro.</summary>
    public static readonly Guid EuroAccount = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000003");

    /// <summary>A contact (a person buying for the euro customer) whose parent account is <see cref="EuroAccount"/>.</summary>
    public static readonly Guid EuroBuyer = Guid.Parse("c0c0c0c0-0000-0000-0000-000000000003");

    /// <summary>
    /// The company books in USD and the ledger has EUR at 1.10 and GBP at 1.25 USD (no CHF rate). Europa GmbH (C-EUR)
    /// has a limit of 10,000.00 EUR and 7,700.00 EUR open, not overdue: 2,300.00 EUR available. Fabrikam (USD, 40,000 of
    /// 50,000) is there too. Dataverse's base currency is USD (<see cref="Currencies"/>).
    /// </summary>
    public static CreditSnapshot Multicurrency(CreditPolicy policy)
    {
        Customer[] customers =
        [
            new() { Id = "C-GOOD", Name = "Fabrikam Inc", Currency = "USD", CreditLimit = 50_000m, CollectorId = "COL-1" },
            new() { Id = "C-EUR", Name = "Europa GmbH", Currency = "EUR", CreditLimit = 10_000m, CollectorId = "COL-1" },
        ];
        Invoice[] invoices = [Invoice("I5", "C-GOOD", 40_000m, 0), Invoice("E1", "C-EUR", 7_700m, 0) with { Currency = "EUR" }];
        ExchangeRate[] rates = [new("EUR", AsOf.AddDays(-1), 1.10m), new("GBP", AsOf.AddDays(-1), 1.25m)];
        var ledger = new ArLedger(customers, invoices, null, null, rates, null, [new Collector { Id = "COL-1", Name = "Jane Doe" }]);
        var credit = CreditEvaluator.Evaluate(ledger, new CurrencyConverter("USD", ledger.Rates).At(AsOf), policy);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal) { ["C-GOOD"] = GoodAccount, ["C-EUR"] = EuroAccount };
        return new CreditSnapshot(credit, ids, ManualActions.None, EvaluatedAt, new Dictionary<Guid, Guid> { [EuroBuyer] = EuroAccount }, Currencies);
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
