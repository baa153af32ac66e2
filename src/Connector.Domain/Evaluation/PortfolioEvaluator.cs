using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.Evaluation;

/// <summary>
/// One full evaluation of the portfolio on a date: aging, exposure, the hold rules, the dunning level
/// and the priority of every customer. The sync runs it after each ingest; the order check reads the
/// credit snapshots it produces.
/// </summary>
public static class PortfolioEvaluator
{
    /// <param name="previous">Hold states from the last evaluation, so transitions (placed, released) can be told.</param>
    public static PortfolioEvaluation Evaluate(
        ArLedger ledger,
        EvaluationPolicies policies,
        DateOnly asOf,
        ManualActions? actions = null,
        IReadOnlyDictionary<string, HoldStatus>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(policies);
        var rates = new CurrencyConverter(policies.Company.Currency, ledger.Rates).At(asOf);

        // One walk over every account's open items feeds the aging, the exposures and the hold rules.
        var figures = AccountFigureTable.Compute(
            ledger, rates, new AgingBuckets(policies.Aging.Bounds), policies.Aging.Basis, policies.Credit.OverdueAgeDays, policies.Credit.OverdueAgeMateriality);
        var aging = AgingCalculator.Report(figures, rates);
        var credit = CreditEvaluator.Evaluate(ledger, figures, rates, policies.Credit, actions, previous);

        var dunning = new CollectionCaseEvaluator(policies.Collections);
        var collections = new CollectionSummary[ledger.Accounts.Count];
        for (var i = 0; i < collections.Length; i++)
        {
            collections[i] = dunning.Summarize(ledger.Accounts[i], rates);
        }

        return new PortfolioEvaluation(asOf, aging, credit, collections);
    }
}
