using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Credit;

namespace Connector.Benchmarks.Data;

/// <summary>
/// The <see cref="SyntheticLedger"/> company as the order webhook finds it after a sync: evaluated the way
/// <c>DataverseSync</c> evaluates (collectors assigned, then <see cref="PortfolioEvaluator"/> with the manual actions),
/// each customer with a Dataverse account id and one contact (whose parent is that account), and the
/// <see cref="CreditSnapshot"/> the sync would publish. Ids come from a seeded <see cref="Random"/>: runs are repeatable.
/// </summary>
internal sealed class SyncedCompany
{
    private SyncedCompany(ArLedger ledger, PortfolioEvaluation evaluation, ManualActions actions, Guid[] accounts, Guid[] contacts, CreditSnapshot snapshot)
    {
        Ledger = ledger;
        Evaluation = evaluation;
        Actions = actions;
        AccountIds = accounts;
        ContactIds = contacts;
        Snapshot = snapshot;
    }

    public ArLedger Ledger { get; }

    public PortfolioEvaluation Evaluation { get; }

    public ManualActions Actions { get; }

    /// <summary>How many holds people released (rules would hold these customers).</summary>
    public int Released { get; private init; }

    /// <summary>How many one-order overrides people gave (for an open order of a customer on hold).</summary>
    public int Overridden { get; private init; }

    /// <summary>The Dataverse account of <c>Ledger.Accounts[i]</c>.</summary>
    public IReadOnlyList<Guid> AccountIds { get; }

    /// <summary>A contact of <c>Ledger.Accounts[i]</c> (its <c>parentcustomerid</c> is the account).</summary>
    public IReadOnlyList<Guid> ContactIds { get; }

    public CreditSnapshot Snapshot { get; }

    /// <param name="evaluatedAt">When the snapshot says it was evaluated (now: the webhook must not find it stale).</param>
    public static SyncedCompany Create(int customers, int invoices, int orders, EvaluationPolicies policies, DateTimeOffset evaluatedAt, int seed)
    {
        var asOf = SyntheticLedger.AsOf;
        var ledger = SyntheticLedger.Create(customers, invoices, orders);
        var rates = ledger.RatesOn(policies.Company.Currency, asOf);
        var assigned = ledger.WithAssignedCollectors(CollectionPlanner.Plan(ledger, policies.Collections, rates));

        // What people entered, so releases and one-order overrides are part of what is decided: an evaluation without
        // actions tells which customers rules hold; every 10th of them is released and every 5th gets an override
        // for its first open order from Dynamics.
        var held = PortfolioEvaluator.Evaluate(assigned, policies, asOf).Credit.OnHold.Select(s => s.CustomerId).ToList();
        var releases = held.Where((_, i) => i % 10 == 3).Select(id => new HoldRelease
        {
            CustomerId = id,
            ReleasedBy = "ar.manager@example.com",
            Reason = "Payment confirmed by phone",
            ReleasedOn = asOf.AddDays(-1),
        }).ToList();
        var overrides = held.Where((_, i) => i % 5 == 1)
            .Select(id => assigned.Find(id)!.Orders.FirstOrDefault(o => o.IsOpen && o.Source == OrderSource.Dataverse))
            .OfType<Order>()
            .Select(o => new OrderOverride { OrderId = o.Id, CustomerId = o.CustomerId, By = "ar.manager@example.com", Reason = "Strategic order, CFO approved" })
            .ToList();
        var actions = new ManualActions(releases, overrides);
        var evaluation = PortfolioEvaluator.Evaluate(assigned, policies, asOf, actions);

        var random = new Random(seed);
        var accounts = new Guid[assigned.Accounts.Count];
        var contacts = new Guid[assigned.Accounts.Count];
        var accountIds = new Dictionary<string, Guid>(accounts.Length, StringComparer.Ordinal);
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = NewGuid(random);
            contacts[i] = NewGuid(random);
            accountIds[assigned.Accounts[i].Id] = accounts[i];
        }

        // Dataverse's base currency is the company's, as a sync would read it: orders naming no currency are in it.
        var baseCurrency = NewGuid(random);
        var currencies = new DataverseCurrencies(new Dictionary<Guid, string> { [baseCurrency] = policies.Company.Currency }, baseCurrency);
        var snapshot = new CreditSnapshot(evaluation.Credit, accountIds, actions, evaluatedAt, currencies: currencies);
        return new SyncedCompany(assigned, evaluation, actions, accounts, contacts, snapshot) { Released = releases.Count, Overridden = overrides.Count };
    }

    /// <summary>A version-4-looking id from the seeded generator.</summary>
    public static Guid NewGuid(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
