using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;

namespace Connector.Sync.Evaluation;

/// <summary>
/// The ledger evaluated once on a date, with what the store knows: the collection plan (cases, collectors assigned),
/// aging, exposure and the hold rules with the releases and manual holds people set. Every surface — the push, the order
/// checks, the webhook snapshot, collections, the ERP writeback, the reports and the CLI's credit check — reads this one
/// result, so they cannot disagree.
/// </summary>
public sealed class LedgerEvaluation
{
    internal LedgerEvaluation(
        ArLedger erpLedger, ArLedger ledger, EvaluationPolicies policies, DateOnly asOf, RatesAsOf rates, EvaluationState state, CollectionPlan collections, PortfolioEvaluation portfolio,
        CollectionCaseCache? cases = null)
    {
        Cases = cases;
        ErpLedger = erpLedger;
        Ledger = ledger;
        Policies = policies;
        AsOf = asOf;
        Rates = rates;
        State = state;
        Collections = collections;
        Portfolio = portfolio;
    }

    /// <summary>The ledger, each customer the ERP left without a collector given the one its case is assigned to.</summary>
    public ArLedger Ledger { get; }

    /// <summary>The ledger as loaded, before collectors were assigned: what the collection plan was computed from.</summary>
    internal ArLedger ErpLedger { get; }

    public EvaluationPolicies Policies { get; }

    /// <summary>
    /// <see cref="ResidentEvaluation"/>'s number of the full evaluation whose arrays this one reads (itself, or the one an
    /// incremental evaluation merged into); 0 for an evaluation with arrays of its own.
    /// </summary>
    internal long FullGeneration { get; init; }

    /// <summary>
    /// The collectors the plan before this one gave in the same process (<c>connector run</c>, decision 127): a case the store keeps
    /// no open case for kept its collector. A full evaluation given them plans the same collectors; a replan of the cycle uses them.
    /// </summary>
    public IReadOnlyDictionary<string, string>? KeptCollectors { get; init; }

    /// <summary>The cases of the plan this evaluation was made with, for a replan of the same cycle (<c>connector run</c> only).</summary>
    internal CollectionCaseCache? Cases { get; }

    public DateOnly AsOf { get; }

    /// <summary>The exchange rates in force on <see cref="AsOf"/>, to the company currency.</summary>
    public RatesAsOf Rates { get; }

    /// <summary>What the store knew (empty for canonical folders).</summary>
    public EvaluationState State { get; }

    /// <summary>One case per customer with an undisputed overdue balance, and what changed since the last plan.</summary>
    public CollectionPlan Collections { get; }

    /// <summary>Aging, credit snapshots with the hold rules, and each customer's dunning summary.</summary>
    public PortfolioEvaluation Portfolio { get; }

    public AgingReport Aging => Portfolio.Aging;

    public CreditEvaluation Credit => Portfolio.Credit;

    /// <summary>
    /// May this order go ahead? The same check, from the same snapshot and overrides, as the order webhook makes.
    /// <c>null</c> when the customer is not in the ledger.
    /// </summary>
    public CreditDecision? Check(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Credit.Find(order.CustomerId) is { } snapshot
            ? CreditCheck.Check(snapshot, order, Policies.Credit, State.Actions)
            : null;
    }

    /// <summary>"customer C5: no CHF rate …", one line per customer whose credit figures are incomplete.</summary>
    public IReadOnlyList<string> NotEvaluable()
    {
        var reasons = new List<string>();
        foreach (var snapshot in Credit.Snapshots)
        {
            var reason = snapshot.Hold.NotEvaluableReason ?? snapshot.Exposure.NotEvaluableReason;
            if (reason is not null)
            {
                reasons.Add(reason.StartsWith("customer ", StringComparison.Ordinal) ? reason : $"customer {snapshot.CustomerId}: {reason}");
            }
        }

        return reasons;
    }
}
