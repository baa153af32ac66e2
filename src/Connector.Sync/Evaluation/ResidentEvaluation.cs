using Connector.Domain.CashApplication;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Evaluation;

/// <summary>
/// The evaluation use case of a long-running worker (<c>connector run</c>, decisions 80–81): the same result as
/// <see cref="LedgerEvaluator.EvaluateAsync"/>, from a ledger kept in memory between cycles (<see cref="ResidentLedger"/>)
/// and, on the same evaluation date, by evaluating again only the customers whose inputs changed — their ledger records,
/// the collector their case gives them, their releases, holds and overrides, the hold state the last push left — and their
/// groups, merged into the last evaluation. A new date (every age moves), other policies, changed rates or collectors, or
/// more than <see cref="MaxReevaluatedShare"/> of the customers evaluated again since the last full evaluation: a full one.
/// The collection plan evaluates again only the customers whose account, contacts or open case changed (their cases are kept
/// between cycles, <see cref="CollectionCaseCache"/>); a case keeps the collector the last plan gave it (decision 127), so only
/// new cases are balanced and the order is updated from the last plan's (decision 128). One cycle at a time.
/// </summary>
public sealed class ResidentEvaluation
{
    /// <summary>The share of customers an incremental evaluation may carry before a full one replaces it (keeps merged state small).</summary>
    public const double MaxReevaluatedShare = 0.5;

    private readonly ResidentLedger resident;
    private readonly CollectionCaseCache cases = new();
    private readonly CashApplication.ResidentTwinFold twins = new();
    private readonly ResidentOpenCases openCases;

    // Full evaluations write into two array sets in turn (decision 110). ownerOfSet[i]: the full evaluation (by generation)
    // whose figures set i holds; nextSet: the set the next full evaluation with the buffers takes (EvaluationBuffers' turn).
    private readonly EvaluationBuffers buffers = new();
    private readonly long[] ownerOfSet = new long[2];
    private int nextSet;
    private long generation;
    private long publishedGeneration;
    private readonly TimeProvider time;
    private Last? last;
    private LedgerRefresh? pending;

    // The collector of each case of the last plan (decision 127): a case keeps it while the rules allow.
    private Dictionary<string, string>? lastCollectors;

    public ResidentEvaluation(TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        resident = new ResidentLedger(this.time);
        openCases = new ResidentOpenCases(this.time);
    }

    /// <summary>
    /// Says that <paramref name="evaluation"/> (one of this instance's) is the one the order webhook now reads: a later full
    /// evaluation may write into the arrays of the full evaluation before it, never into those this one reads (decision 110).
    /// Until this is said of a newer evaluation, the arrays of the last published one are not taken: a cycle that failed
    /// before it published leaves the webhook reading the older figures.
    /// </summary>
    public void Published(LedgerEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (evaluation.FullGeneration > 0)
        {
            publishedGeneration = evaluation.FullGeneration;
        }
    }

    /// <summary>What the last <see cref="EvaluateAsync"/> did, for logs and benchmarks.</summary>
    public ResidentEvaluationStep? LastStep { get; private set; }

    /// <summary>Forgets everything: the next evaluation reads the ledger whole and evaluates in full.</summary>
    public void Reset()
    {
        resident.Reset();
        cases.Clear();
        twins.Reset();
        openCases.Reset();
        lastCollectors = null;
        last = null;
        pending = null;
    }

    /// <summary>
    /// Brings the resident ledger up to date with the store and returns it as the ERP's figures, for the cash step that runs
    /// before the evaluation; the next <see cref="EvaluateAsync"/> evaluates this refresh.
    /// </summary>
    public async Task<ArLedger> RefreshLedgerAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            pending = await resident.RefreshAsync(store, cancellationToken).ConfigureAwait(false);
            return pending.Ledger;
        }
        catch
        {
            Reset();
            throw;
        }
    }

    public async Task<LedgerEvaluation> EvaluateAsync(IConnectorStore store, EvaluationPolicies policies, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policies);
        try
        {
            var started = time.GetTimestamp();
            var refresh = pending ?? await resident.RefreshAsync(store, cancellationToken).ConfigureAwait(false);
            pending = null;
            var readChanges = time.GetTimestamp();

            // Cash accepted in the connector and not yet shown by the ERP counts, as in LedgerEvaluator.EvaluateAsync
            // (CashApplicationSync.CountedAsync): twins folded — only the accounts whose fold changed (decision 138) — then
            // the provisional cash.
            var matches = await store.ReadCashMatchesAsync(cancellationToken).ConfigureAwait(false);
            var stored = await store.ReadPaymentTwinsAsync(cancellationToken).ConfigureAwait(false);
            var (folded, foldChanged) = twins.Fold(refresh.Ledger, refresh.ChangedCustomers, CashApplication.PaymentTwinStep.Pairs(stored), CashApplication.PaymentTwinStep.Held(matches));
            var counted = matches.Count == 0 ? folded : ProvisionalCash.Apply(folded, CashApplication.CashRows.Counted(matches));
            var refreshed = time.GetTimestamp();
            var state = await EvaluationState.ReadAsync(store, cancellationToken, openCases).ConfigureAwait(false);
            var read = time.GetTimestamp();
            var evaluation = Evaluate(refresh, folded, foldChanged, ReferenceEquals(counted, folded) ? null : counted, state, policies, asOf);
            LastStep = LastStep! with
            {
                Refresh = time.GetElapsedTime(started, refreshed),
                CashCounted = time.GetElapsedTime(readChanges, refreshed),
                StateRead = time.GetElapsedTime(refreshed, read),
                OpenCasesParsed = openCases.LastParsed,
                Evaluation = time.GetElapsedTime(read),
            };
            return evaluation;
        }
        catch
        {
            Reset();
            throw;
        }
    }

    /// <param name="folded">The ledger with payment twins folded (<see cref="CashApplication.ResidentTwinFold"/>).</param>
    /// <param name="changedCustomers">The customers whose folded accounts differ from the last cycle's; <c>null</c>: folded whole.</param>
    /// <param name="counted">The ledger with provisionally applied cash counted, when there is any: evaluated in full, and the
    /// next cycle in full too (the cash may be gone then without a ledger row changing), so nothing merges across it.</param>
    private LedgerEvaluation Evaluate(
        LedgerRefresh refresh, ArLedger folded, IReadOnlyCollection<string>? changedCustomers, ArLedger? counted, EvaluationState state, EvaluationPolicies policies, DateOnly asOf)
    {
        var ledger = counted ?? folded;
        var rates = ledger.RatesOn(policies.Company.Currency, asOf);
        var planning = time.GetTimestamp();
        var keptCollectors = lastCollectors;
        var plan = LedgerEvaluator.PlanCollections(ledger, state, policies, rates, cases, keptCollectors);
        lastCollectors = CollectorsOf(plan);
        var planned = time.GetElapsedTime(planning);
        var casesEvaluated = cases.LastEvaluated;
        var caseTime = cases.LastCaseTime;
        var comparing = time.GetTimestamp();
        var collectors = AssignedCollectorIds(ledger, plan);
        var actions = ActionsByCustomer(state.Actions);
        var previousHolds = state.PreviousHolds.Count == 0 ? null : state.PreviousHolds;

        var previous = last;
        var incremental = previous is not null
            && counted is null
            && changedCustomers is not null
            && ReferenceEquals(previous.Policies, policies)
            && previous.AsOf == asOf
            && previous.Actions.Ignored.SequenceEqual(state.Actions.Ignored)
            && previous.Portfolio.Collections.Count == ledger.Accounts.Count
            && IncrementalPortfolioEvaluator.ReevaluatedSinceFull(previous.Portfolio) <= MaxReevaluatedShare * ledger.Accounts.Count;

        ArLedger? assigned = null;
        PortfolioEvaluation? portfolio = null;
        var evaluated = ledger.Accounts.Count;
        var compared = TimeSpan.Zero;
        var revised = TimeSpan.Zero;
        var portfolioStart = time.GetTimestamp();
        if (incremental)
        {
            // Customers whose inputs differ from those the last evaluation had.
            var changed = new HashSet<string>(changedCustomers!, StringComparer.Ordinal);
            AddDifferences(changed, previous!.Collectors, collectors, static (a, b) => a == b);
            AddDifferences(changed, previous.ActionsByCustomer, actions, static (a, b) => a.SequenceEqual(b));
            AddDifferences(changed, previous.PreviousHolds ?? Empty, previousHolds ?? Empty, SameHold);
            compared = time.GetElapsedTime(comparing);
            var revising = time.GetTimestamp();
            assigned = WithCollectors(previous.Assigned, ledger, changed, collectors);
            revised = time.GetElapsedTime(revising);
            portfolioStart = time.GetTimestamp();
            if (assigned is not null && changed.All(id => ledger.Find(id) is not null))
            {
                portfolio = IncrementalPortfolioEvaluator.Evaluate(previous.Portfolio, assigned, changed, policies, state.Actions, previousHolds);
                evaluated = changed.Count;
            }
        }

        var reused = false;
        if (portfolio is null || assigned is null)
        {
            portfolioStart = time.GetTimestamp();
            assigned = ledger.WithAssignedCollectors(plan);
            generation++;

            // The arrays of the full evaluation before last, unless that is the one the webhook still reads (then new arrays).
            reused = ownerOfSet[nextSet] == 0 || ownerOfSet[nextSet] != publishedGeneration;
            if (reused)
            {
                ownerOfSet[nextSet] = generation;
                nextSet ^= 1;
                portfolio = PortfolioEvaluator.Evaluate(assigned, policies, asOf, state.Actions, previousHolds, buffers);
            }
            else
            {
                portfolio = PortfolioEvaluator.Evaluate(assigned, policies, asOf, state.Actions, previousHolds);
            }

            evaluated = ledger.Accounts.Count;
            incremental = false;
        }

        last = counted is null ? new Last(policies, asOf, state.Actions, actions, previousHolds, collectors, assigned, portfolio) : null;
        LastStep = new ResidentEvaluationStep(refresh.ChangedCustomers is null, refresh.RowsRead, refresh.ChangedCustomers?.Count ?? ledger.Accounts.Count, incremental, evaluated)
        {
            Planning = planned,
            PlanningCases = caseTime,
            Compared = compared,
            Revised = revised,
            Portfolio = time.GetElapsedTime(portfolioStart),
            CasesEvaluated = casesEvaluated,
            BuffersReused = reused,
        };
        return new LedgerEvaluation(ledger, assigned, policies, asOf, rates, state, plan, portfolio, cases) { FullGeneration = generation, KeptCollectors = keptCollectors };
    }

    private static readonly IReadOnlyDictionary<string, HoldStatus> Empty = new Dictionary<string, HoldStatus>(StringComparer.Ordinal);

    private static bool SameHold(HoldStatus a, HoldStatus b) =>
        a.OnHold == b.OnHold && a.Since == b.Since && a.Codes.SequenceEqual(b.Codes);

    private static void AddDifferences<T>(HashSet<string> changed, IReadOnlyDictionary<string, T> before, IReadOnlyDictionary<string, T> now, Func<T, T, bool> same)
    {
        foreach (var (id, value) in now)
        {
            if (!before.TryGetValue(id, out var old) || !same(old, value))
            {
                changed.Add(id);
            }
        }

        foreach (var id in before.Keys)
        {
            if (!now.ContainsKey(id))
            {
                changed.Add(id);
            }
        }
    }

    private static Dictionary<string, string> CollectorsOf(CollectionPlan plan)
    {
        var collectors = new Dictionary<string, string>(plan.Cases.Count, StringComparer.Ordinal);
        foreach (var @case in plan.Cases)
        {
            if (@case.Assignment?.CollectorId is { } collectorId)
            {
                collectors[@case.CustomerId] = collectorId;
            }
        }

        return collectors;
    }

    /// <summary>The collectors the plan gives customers the ERP left without one (what <see cref="AssignedCollectors"/> carries over).</summary>
    private static Dictionary<string, string> AssignedCollectorIds(ArLedger ledger, CollectionPlan plan)
    {
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var @case in plan.Cases)
        {
            if (@case.Assignment?.CollectorId is { Length: > 0 } collectorId
                && ledger.Find(@case.CustomerId)?.Customer.CollectorId is null or "")
            {
                assigned[@case.CustomerId] = collectorId;
            }
        }

        return assigned;
    }

    /// <summary>
    /// The last assigned ledger with the accounts of <paramref name="changed"/> taken from the ERP ledger now, each with
    /// its assigned collector: equal to <c>ledger.WithAssignedCollectors(plan)</c>; <c>null</c> when a revision cannot say it.
    /// </summary>
    private static ArLedger? WithCollectors(ArLedger previous, ArLedger ledger, IEnumerable<string> changed, Dictionary<string, string> collectors)
    {
        var content = new List<AccountContent>();
        foreach (var id in changed)
        {
            if (ledger.Find(id) is not { } account)
            {
                return null;
            }

            var customer = collectors.TryGetValue(id, out var collectorId) ? account.Customer with { CollectorId = collectorId } : account.Customer;
            content.Add(new AccountContent(customer, account.Invoices, account.Payments, account.Orders, account.Promises));
        }

        return previous.Revise(content);
    }

    /// <summary>Each customer's releases, manual holds and order overrides, to tell whose changed.</summary>
    private static Dictionary<string, List<object>> ActionsByCustomer(ManualActions actions)
    {
        var byCustomer = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        void Add(string customerId, object action)
        {
            if (!byCustomer.TryGetValue(customerId, out var list))
            {
                list = [];
                byCustomer[customerId] = list;
            }

            list.Add(action);
        }

        foreach (var release in actions.Releases)
        {
            Add(release.CustomerId, release);
        }

        foreach (var hold in actions.Holds)
        {
            Add(hold.CustomerId, hold);
        }

        foreach (var @override in actions.Overrides)
        {
            Add(@override.CustomerId, @override);
        }

        return byCustomer;
    }

    private sealed record Last(
        EvaluationPolicies Policies,
        DateOnly AsOf,
        ManualActions Actions,
        IReadOnlyDictionary<string, List<object>> ActionsByCustomer,
        IReadOnlyDictionary<string, HoldStatus>? PreviousHolds,
        IReadOnlyDictionary<string, string> Collectors,
        ArLedger Assigned,
        PortfolioEvaluation Portfolio);
}

/// <summary>What one resident evaluation did.</summary>
/// <param name="LedgerReadWhole">The ledger was read whole from the store (first cycle, or a change a revision cannot express).</param>
/// <param name="RowsRead">Ledger rows read from the store.</param>
/// <param name="CustomersChanged">Customers whose ledger records changed (all of them when read whole).</param>
/// <param name="Incremental">Only the customers whose inputs changed were evaluated, merged into the last evaluation.</param>
/// <param name="CustomersEvaluated">Customers evaluated (before their groups are added).</param>
public sealed record ResidentEvaluationStep(bool LedgerReadWhole, long RowsRead, int CustomersChanged, bool Incremental, int CustomersEvaluated)
{
    /// <summary>Reading the ledger (whole or the changed rows) and revising it.</summary>
    public TimeSpan Refresh { get; init; }

    /// <summary>Reading what the store knows beside the ledger (<see cref="EvaluationState"/>).</summary>
    public TimeSpan StateRead { get; init; }

    /// <summary>The collection plan (made whole every cycle), part of <see cref="Evaluation"/>.</summary>
    public TimeSpan Planning { get; init; }

    /// <summary>The part of <see cref="Planning"/> that found each customer's case (the rest assigns, orders and compares).</summary>
    public TimeSpan PlanningCases { get; init; }

    /// <summary>Counting the cash accepted in the connector and not yet in the ERP, part of <see cref="Refresh"/>.</summary>
    public TimeSpan CashCounted { get; init; }

    /// <summary>Telling which customers' inputs changed (collectors, actions, hold states) besides their ledger records (incremental only).</summary>
    public TimeSpan Compared { get; init; }

    /// <summary>The assigned ledger revised with the changed customers' accounts (incremental only).</summary>
    public TimeSpan Revised { get; init; }

    /// <summary>The portfolio evaluation: the changed customers' groups merged into the last one, or all of them.</summary>
    public TimeSpan Portfolio { get; init; }

    /// <summary>Customers whose collection case the plan evaluated again (the others' were kept from the last plan, decision 109).</summary>
    public int CasesEvaluated { get; init; }

    /// <summary>Stored open cases parsed from their JSON by the state read: all of them, or only those written since the last cycle (decision 137).</summary>
    public int OpenCasesParsed { get; init; }

    /// <summary>A full evaluation wrote into the arrays of the full evaluation before last (<see cref="EvaluationBuffers"/>), not new ones.</summary>
    public bool BuffersReused { get; init; }

    /// <summary>Plan, collectors, and the portfolio evaluation (full or incremental).</summary>
    public TimeSpan Evaluation { get; init; }

    // Times differ from run to run: two steps are equal when they did the same.
    public bool Equals(ResidentEvaluationStep? other) =>
        other is not null && LedgerReadWhole == other.LedgerReadWhole && RowsRead == other.RowsRead && CustomersChanged == other.CustomersChanged
        && Incremental == other.Incremental && CustomersEvaluated == other.CustomersEvaluated;

    public override int GetHashCode() => HashCode.Combine(LedgerReadWhole, RowsRead, CustomersChanged, Incremental, CustomersEvaluated);
}
