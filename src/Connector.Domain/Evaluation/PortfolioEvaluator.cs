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
        IReadOnlyDictionary<string, HoldStatus>? previous = null) =>
        Evaluate(ledger, policies, asOf, actions, previous, new EvaluationArrays(reusable: false));

    /// <summary>
    /// The same evaluation, written into arrays kept in <paramref name="buffers"/> (those of the evaluation before
    /// last): equal to a fresh one, without allocating its large arrays. The evaluation made with the same buffers two
    /// evaluations ago can no longer be read once this one starts.
    /// </summary>
    public static PortfolioEvaluation Evaluate(
        ArLedger ledger,
        EvaluationPolicies policies,
        DateOnly asOf,
        ManualActions? actions,
        IReadOnlyDictionary<string, HoldStatus>? previous,
        EvaluationBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        return Evaluate(ledger, policies, asOf, actions, previous, buffers.Take());
    }

    private static PortfolioEvaluation Evaluate(
        ArLedger ledger,
        EvaluationPolicies policies,
        DateOnly asOf,
        ManualActions? actions,
        IReadOnlyDictionary<string, HoldStatus>? previous,
        EvaluationArrays arrays)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(policies);
        var rates = new CurrencyConverter(policies.Company.Currency, ledger.Rates).At(asOf);
        var lease = arrays.Take();

        // One walk over every account's open items feeds the aging, the exposures and the hold rules.
        var figures = AccountFigureTable.Compute(
            ledger, rates, new AgingBuckets(policies.Aging.Bounds), policies.Aging.Basis, policies.Credit.OverdueAgeDays, policies.Credit.OverdueAgeMateriality, lease);
        var aging = AgingCalculator.Report(figures, rates);
        var credit = CreditEvaluator.Evaluate(ledger, figures, rates, policies.Credit, actions, previous);

        var dunning = new CollectionCaseEvaluator(policies.Collections);
        var accounts = ledger.Accounts;
        var collections = arrays.CollectionSummaries(accounts.Count);
        for (var i = 0; i < accounts.Count; i++)
        {
            collections[i] = dunning.Summarize(accounts[i], rates);
        }

        return new PortfolioEvaluation(asOf, aging, credit, new CollectionSummaryList(collections, accounts.Count, lease));
    }
}
