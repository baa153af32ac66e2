using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Sync.Credit;

namespace Connector.Sync.Tests.Credit;

/// <summary>
/// A ledger that exercises every part of a published snapshot (USD company, as of 2026-06-30): Contoso on hold (overdue),
/// Fabrikam good and near its limit, Europa (EUR credit currency, a parent of Europa Nord: a group limit), a customer with
/// an ERP manual hold, a customer released by a person, a contact buying for Europa, and Dataverse's currencies (no CHF rate).
/// </summary>
internal static class SharedPortfolio
{
    public static readonly DateOnly AsOf = new(2026, 6, 30);
    public static readonly DateTimeOffset EvaluatedAt = new(2026, 6, 30, 8, 0, 0, TimeSpan.Zero);

    public static readonly Guid Held = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000001");
    public static readonly Guid Good = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000002");
    public static readonly Guid Europa = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000003");
    public static readonly Guid EuropaNord = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000004");
    public static readonly Guid Flagged = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000005");
    public static readonly Guid Released = Guid.Parse("a1a1a1a1-0000-0000-0000-000000000006");
    public static readonly Guid EuropaBuyer = Guid.Parse("c0c0c0c0-0000-0000-0000-000000000003");
    public static readonly Guid UsDollar = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000002");
    public static readonly Guid Euro = Guid.Parse("b2b2b2b2-0000-0000-0000-000000000003");

    public static readonly DataverseCurrencies Currencies = new(new Dictionary<Guid, string> { [UsDollar] = "USD", [Euro] = "EUR" }, UsDollar);

    public static readonly HoldRelease Release = new()
    {
        CustomerId = "C-REL",
        ReleasedBy = "cli:jdoe",
        Reason = "paid by wire",
        ReleasedOn = AsOf.AddDays(-1),
        Until = AsOf.AddDays(10),
    };

    public static readonly OrderOverride Override = new() { OrderId = "SO-9", CustomerId = "C-HELD", By = "cli:jdoe", Reason = "prepaid", Until = AsOf.AddDays(5) };

    public static ManualActions Actions => new([Release], [Override], [new ManualHold { CustomerId = "C-GOOD", By = "dynamics:ann", Reason = "dispute", On = AsOf.AddDays(5) }]);

    public static CreditSnapshot Snapshot(CreditPolicy policy, ManualActions? actions = null)
    {
        actions ??= Actions;
        Customer[] customers =
        [
            new() { Id = "C-HELD", Name = "Contoso Ltd", Currency = "USD", CreditLimit = 50_000m, CollectorId = "COL-1" },
            new() { Id = "C-GOOD", Name = "Fabrikam Inc", Currency = "USD", CreditLimit = 50_000m, CollectorId = "COL-1" },
            new() { Id = "C-EUR", Name = "Europa GmbH", Currency = "EUR", CreditLimit = 20_000m, CollectorId = "COL-2" },
            new() { Id = "C-EUR-N", Name = "Europa Nord", Currency = "EUR", CreditLimit = 15_000m, ParentId = "C-EUR" },
            new() { Id = "C-FLAG", Name = "Flagged plc", Currency = "USD", CreditLimit = 10_000m, ManualHold = true },
            new() { Id = "C-REL", Name = "Released AG", Currency = "USD", CreditLimit = 10_000m },
        ];
        Invoice[] invoices =
        [
            Invoice("I1", "C-HELD", 5_000m, 61), Invoice("I2", "C-HELD", 4_000m, 75), Invoice("I4", "C-HELD", 20_000m, 0),
            Invoice("I5", "C-GOOD", 45_000m, 0),
            Invoice("E1", "C-EUR", 7_700m, 0) with { Currency = "EUR" }, Invoice("E2", "C-EUR-N", 9_000m, 3) with { Currency = "EUR" },
            Invoice("F1", "C-FLAG", 100m, 0), Invoice("R1", "C-REL", 4_000m, 90),
        ];
        ExchangeRate[] rates = [new("EUR", AsOf.AddDays(-1), 1.10m)];
        var ledger = new ArLedger(customers, invoices, null, null, rates, null,
            [new Collector { Id = "COL-1", Name = "Jane Doe", Email = "jane@example.com" }, new Collector { Id = "COL-2", Name = "Max Muster" }]);
        var credit = CreditEvaluator.Evaluate(ledger, new CurrencyConverter("USD", ledger.Rates).At(AsOf), policy, actions);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            ["C-HELD"] = Held,
            ["C-GOOD"] = Good,
            ["C-EUR"] = Europa,
            ["C-EUR-N"] = EuropaNord,
            ["C-FLAG"] = Flagged,
            ["C-REL"] = Released,
        };
        return new CreditSnapshot(credit, ids, actions, EvaluatedAt, new Dictionary<Guid, Guid> { [EuropaBuyer] = Europa }, Currencies);
    }

    /// <summary>Orders a sales rep might enter: each customer, small and large, in the credit currency and others (CHF has no rate).</summary>
    public static IEnumerable<(Guid Account, OrderRequest Order)> Orders()
    {
        (Guid Account, string Customer)[] accounts =
            [(Held, "C-HELD"), (Good, "C-GOOD"), (Europa, "C-EUR"), (EuropaNord, "C-EUR-N"), (Flagged, "C-FLAG"), (Released, "C-REL")];
        foreach (var (account, customer) in accounts)
        {
            foreach (var amount in new[] { 0m, 1_000m, 9_999.99m, 80_000m })
            {
                foreach (var currency in new string?[] { null, "EUR", "CHF" })
                {
                    yield return (account, new OrderRequest { CustomerId = customer, OrderId = "SO-9", Amount = amount, Currency = currency, On = AsOf });
                    yield return (account, new OrderRequest { CustomerId = customer, OrderId = "I4", Amount = amount, Currency = currency, On = AsOf, ExistingAmount = 500m });
                }
            }
        }
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
