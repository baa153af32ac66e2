using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Ledger;

namespace Connector.Domain.Evaluation;

/// <summary>
/// An evaluation of the customers whose inputs changed, merged into the previous evaluation of the same date: the same
/// result as <see cref="PortfolioEvaluator.Evaluate"/> of the whole ledger, for the cost of the changed customers and
/// their groups (a parent's figures sum its children's, so a group is evaluated whole). The previous evaluation is not
/// changed; the merged one shares its figures and keeps only the re-evaluated customers' own.
/// </summary>
public static class IncrementalPortfolioEvaluator
{
    /// <param name="previous">A whole-ledger evaluation (full or incremental) on the date to evaluate, of a ledger with the same customers in the same order.</param>
    /// <param name="ledger">The ledger now: <paramref name="previous"/>'s with the changed accounts revised (<see cref="ArLedger.Revise"/>).</param>
    /// <param name="customerIds">The customers whose inputs changed since <paramref name="previous"/> (ledger records, collector, release, previous hold state).</param>
    /// <returns><c>null</c> when <paramref name="previous"/> cannot be merged into (not a whole-ledger evaluation, or another set of customers): evaluate in full.</returns>
    public static PortfolioEvaluation? Evaluate(
        PortfolioEvaluation previous,
        ArLedger ledger,
        IEnumerable<string> customerIds,
        EvaluationPolicies policies,
        ManualActions? actions = null,
        IReadOnlyDictionary<string, HoldStatus>? previousHolds = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(policies);
        var count = ledger.Accounts.Count;
        if (previous.Collections.Count != count
            || MergedFigures.Of(previous.Aging.Lines) is not { } figures
            || MergedCreditRows.Of(previous.Credit.Rows) is not { } credit
            || figures.Count != count
            || credit.Count != count)
        {
            return null;
        }

        var members = new HashSet<CustomerAccount>();
        foreach (var id in customerIds)
        {
            if (ledger.Find(id) is not { } account)
            {
                return null;
            }

            members.UnionWith(ArLedger.GroupOf(account));
        }

        if (members.Count == 0)
        {
            return previous;
        }

        var ordered = members.OrderBy(static a => a.Index).ToList();
        var part = new ArLedger(
            ordered.Select(static a => a.Customer),
            ordered.SelectMany(static a => a.Invoices),
            ordered.SelectMany(static a => a.Payments),
            ordered.SelectMany(static a => a.Orders),
            ledger.Rates,
            ordered.SelectMany(static a => a.Promises),
            ledger.Collectors);
        var evaluated = PortfolioEvaluator.Evaluate(part, policies, previous.AsOf, actions, previousHolds);
        var partFigures = ((AgingLineList)evaluated.Aging.Lines).Table;
        var partCredit = evaluated.Credit.Rows!;

        var collections = new CollectionSummary[count];
        for (var i = 0; i < count; i++)
        {
            collections[i] = previous.Collections[i];
        }

        for (var i = 0; i < ordered.Count; i++)
        {
            var index = ordered[i].Index;
            figures.Replace(index, partFigures, i);
            credit.Changed[index] = (partCredit, i);
            collections[index] = evaluated.Collections[i];
        }

        var rates = new Currencies.CurrencyConverter(policies.Company.Currency, ledger.Rates).At(previous.AsOf);
        var aging = new AgingReport
        {
            AsOf = previous.AsOf,
            Buckets = previous.Aging.Buckets,
            Basis = previous.Aging.Basis,
            Lines = figures,
            Total = figures.Total(rates, ledger.Rates),
        };
        credit.Ledger = ledger;
        return new PortfolioEvaluation(previous.AsOf, aging, new CreditEvaluation(previous.AsOf, credit, evaluated.Credit.IgnoredActions), collections);
    }

    /// <summary>How many customers an evaluation holds from incremental evaluations since its last full one (0 for a full one).</summary>
    public static int ReevaluatedSinceFull(PortfolioEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return evaluation.Aging.Lines is MergedFigures merged ? merged.ChangedCount : 0;
    }
}
