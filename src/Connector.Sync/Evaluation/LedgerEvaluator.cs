using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Evaluation;

/// <summary>
/// The evaluation use case: load the ledger and the store's state once, plan collections once (so collectors are
/// assigned once), evaluate once. The sync cycle runs it after ingest; the CLI runs it on the store's ledger, or on a
/// canonical folder with <see cref="EvaluationState.Empty"/>.
/// </summary>
public static class LedgerEvaluator
{
    /// <summary>The store's ledger, the cash accepted in the connector counted, with the store's state (nothing is written).</summary>
    /// <param name="keptCollectors">The collectors a long-running process's last plan gave (<see cref="LedgerEvaluation.KeptCollectors"/>
    /// of its next evaluation, decision 127): a case the store keeps no open case for keeps that collector; <c>null</c>: none.</param>
    public static async Task<LedgerEvaluation> EvaluateAsync(
        IConnectorStore store, EvaluationPolicies policies, DateOnly asOf, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? keptCollectors = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ledger = await LedgerLoader.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        ledger = await CashApplication.CashApplicationSync.CountedAsync(store, ledger, cancellationToken).ConfigureAwait(false);
        var state = await EvaluationState.ReadAsync(store, cancellationToken).ConfigureAwait(false);
        return Evaluate(ledger, state, policies, asOf, keptCollectors: keptCollectors);
    }

    /// <param name="buffers">The arrays to write the figures into, for a caller that keeps its evaluations' lifetimes
    /// (<see cref="EvaluationBuffers"/>: the evaluation made two calls before with the same buffers can no longer be read);
    /// <c>null</c>: new arrays.</param>
    /// <param name="keptCollectors">As in <see cref="EvaluateAsync"/>.</param>
    public static LedgerEvaluation Evaluate(
        ArLedger ledger, EvaluationState state, EvaluationPolicies policies, DateOnly asOf, EvaluationBuffers? buffers = null, IReadOnlyDictionary<string, string>? keptCollectors = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policies);
        var rates = ledger.RatesOn(policies.Company.Currency, asOf);
        var plan = PlanCollections(ledger, state, policies, rates, lastCollectors: keptCollectors);

        // A customer the ERP left without a collector gets the one its case is assigned to, so the hold sentence names
        // the person whose Outlook holds the case.
        var assigned = ledger.WithAssignedCollectors(plan);
        var previousHolds = state.PreviousHolds.Count == 0 ? null : state.PreviousHolds;
        var portfolio = buffers is null
            ? PortfolioEvaluator.Evaluate(assigned, policies, asOf, state.Actions, previousHolds)
            : PortfolioEvaluator.Evaluate(assigned, policies, asOf, state.Actions, previousHolds, buffers);
        return new LedgerEvaluation(ledger, assigned, policies, asOf, rates, state, plan, portfolio) { KeptCollectors = keptCollectors };
    }

    /// <summary>The collection plan of the ledger with the store's contacts and open cases (only the changed customers evaluated when <paramref name="cases"/> knows the others).</summary>
    /// <param name="lastCollectors">The collectors the last plan of this process gave (decision 127): a case the store keeps no open case for keeps its collector.</param>
    internal static CollectionPlan PlanCollections(
        ArLedger ledger, EvaluationState state, EvaluationPolicies policies, RatesAsOf rates, CollectionCaseCache? cases = null, IReadOnlyDictionary<string, string>? lastCollectors = null) =>
        CollectionPlanner.Plan(ledger, policies.Collections, rates, History(state.Contacts, []), state.OpenCases, cache: cases, lastCollectors: lastCollectors);

    /// <summary>
    /// The evaluation's collection plan again, as if <paramref name="planned"/> (the dunning emails this run is about to
    /// send) were already in the store: the plan the next run computes once they went out, so the tasks written now do
    /// not change then. The same ledger (collectors already assigned), rates and previous cases.
    /// </summary>
    public static CollectionPlan Replan(LedgerEvaluation evaluation, IReadOnlyList<StoredContactAttempt> planned)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(planned);
        return planned.Count == 0
            ? evaluation.Collections
            : CollectionPlanner.Plan(
                evaluation.ErpLedger, evaluation.Policies.Collections, evaluation.Rates, History(evaluation.State.Contacts, planned), evaluation.State.OpenCases,
                cache: evaluation.Cases, lastCollectors: evaluation.KeptCollectors);
    }

    private static List<ContactAttempt> History(IReadOnlyList<StoredContactAttempt> stored, IReadOnlyList<StoredContactAttempt> planned)
    {
        var history = new List<ContactAttempt>(stored.Count + planned.Count);
        foreach (var contact in stored.Concat(planned))
        {
            history.Add(new ContactAttempt(contact.CustomerId, contact.Level, contact.Kind, contact.On));
        }

        return history;
    }
}
