using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Builders;

/// <summary>Builders for collections tests: policy, rates, collectors, one customer's case.</summary>
internal static class Dunning
{
    public const string Manager = "MGR";

    public static CollectionsPolicy Policy() => new() { ArManagerId = Manager };

    /// <summary>The default ladder with the level 0 courtesy reminder switched on.</summary>
    public static CollectionsPolicy PolicyWithCourtesy()
    {
        var policy = Policy();
        policy.Ladder = CollectionsPolicy.DefaultLadder();
        policy.Ladder[0].Enabled = true;
        return policy;
    }

    public static RatesAsOf Rates(params ExchangeRate[] rates) => new CurrencyConverter("USD", rates).At(A.AsOf);

    public static RatesAsOf RatesOn(DateOnly asOf, params ExchangeRate[] rates) => new CurrencyConverter("USD", rates).At(asOf);

    public static Collector Collector(string id, string[]? territories = null, string[]? languages = null) => new()
    {
        Id = id,
        Name = $"Collector {id}",
        Territories = territories ?? [],
        Languages = languages ?? [],
    };

    /// <summary>The case of the ledger's first customer, or <c>null</c>.</summary>
    public static CollectionCase? Case(ArLedger ledger, CollectionsPolicy? policy = null, ContactHistory? history = null, RatesAsOf? rates = null) =>
        new CollectionCaseEvaluator(policy ?? Policy()).Evaluate(ledger.Accounts[0], rates ?? Rates(), out _, history);

    public static CollectionSummary Summary(ArLedger ledger, CollectionsPolicy? policy = null, RatesAsOf? rates = null) =>
        new CollectionCaseEvaluator(policy ?? Policy()).Summarize(ledger.Accounts[0], rates ?? Rates());
}
