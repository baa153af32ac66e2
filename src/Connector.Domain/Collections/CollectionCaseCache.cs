using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Readiness;

namespace Connector.Domain.Collections;

/// <summary>
/// Each customer's case as the last plan found it, kept by a caller that plans again and again — <c>connector run</c>,
/// decisions 109 and 128 — so <see cref="CollectionPlanner.Plan"/> evaluates again only the customers whose inputs differ:
/// another account object (a revised ledger shares every untouched account), other email contacts, or another due date
/// carried from the open case. It also keeps each case with its collector when that did not depend on workload (decision
/// 127), the plan's priority order and its changes, so only the cases not kept are assigned, sorted and compared. Another
/// policy, date, rate table or proof of delivery forgets everything. Safe for plans made at the same time: each reads the
/// last plan's entries and the last to end keeps its own.
/// </summary>
public sealed class CollectionCaseCache
{
    private readonly Lock gate = new();
    private Generation? last;

    /// <summary>Customers whose case the last plan took from the cache.</summary>
    public int LastReused { get; private set; }

    /// <summary>Customers the last plan evaluated (all of them when nothing could be reused).</summary>
    public int LastEvaluated { get; private set; }

    /// <summary>How long the last plan took to find every customer's case (cached or evaluated), before assignment and ordering.</summary>
    public TimeSpan LastCaseTime { get; private set; }

    /// <summary>Forgets every case: the next plan evaluates every customer.</summary>
    public void Clear()
    {
        lock (gate)
        {
            last = null;
        }
    }

    internal Session Begin(CollectionsPolicy policy, RatesAsOf rates, IReadOnlyList<ExchangeRate> ledgerRates, ProofOfDelivery? proofOfDelivery, int customers)
    {
        Generation? previous;
        lock (gate)
        {
            previous = last;
        }

        var next = new Generation(policy, rates.AsOf, rates.CompanyCurrency, ledgerRates, proofOfDelivery, customers);
        return new Session(this, previous is not null && previous.SameInputs(next) ? previous : null, next);
    }

    private void End(Generation generation, int reused, int evaluated, TimeSpan caseTime)
    {
        lock (gate)
        {
            last = generation;
            LastCaseTime = caseTime;
            LastReused = reused;
            LastEvaluated = evaluated;
        }
    }

    /// <summary>What one customer's case was computed from, and what it gave.</summary>
    /// <param name="PreviousDue">The open case's level, action kind, scheduled and due day: all that <see cref="CollectionCaseEvaluator.Evaluate"/> reads of it.</param>
    /// <param name="Emails">The customer's email contacts (level, day) as the history gave them.</param>
    internal sealed record Entry(
        CustomerAccount Account,
        (int Level, ActionKind Kind, DateOnly ScheduledOn, DateOnly DueDate)? PreviousDue,
        IReadOnlyList<(int Level, DateOnly Date)>? Emails,
        CollectionCase? Case,
        CollectionOutcome Outcome,
        string? Reason);

    /// <summary>A case with its collector, kept when the case, the customer, the collector who worked it and the collectors are the same objects.</summary>
    internal sealed record AssignedEntry(CollectionCase Found, Customer Customer, string? Current, IReadOnlyList<Collector> Collectors, CollectionCase Assigned);

    internal sealed class Generation(
        CollectionsPolicy policy, DateOnly asOf, string companyCurrency, IReadOnlyList<ExchangeRate> rates, ProofOfDelivery? proofOfDelivery, int customers)
    {
        public Dictionary<string, Entry> Entries { get; } = new(customers, StringComparer.Ordinal);

        /// <summary>The plan's cases in priority order.</summary>
        public IReadOnlyList<CollectionCase>? Sorted { get; set; }

        /// <summary>The plan's changes by case id.</summary>
        public Dictionary<string, CaseChange>? Changes { get; set; }

        /// <summary>The cases whose collector did not depend on workload (named, kept, none known), by customer.</summary>
        public Dictionary<string, AssignedEntry> Assigned { get; } = new(customers, StringComparer.Ordinal);

        private CollectionsPolicy Policy { get; } = policy;
        private DateOnly AsOf { get; } = asOf;
        private string CompanyCurrency { get; } = companyCurrency;
        private IReadOnlyList<ExchangeRate> Rates { get; } = rates;
        private ProofOfDelivery? ProofOfDelivery { get; } = proofOfDelivery;

        public bool SameInputs(Generation other) =>
            ReferenceEquals(Policy, other.Policy)
            && AsOf == other.AsOf
            && string.Equals(CompanyCurrency, other.CompanyCurrency, StringComparison.Ordinal)
            && ReferenceEquals(Rates, other.Rates)
            && ReferenceEquals(ProofOfDelivery, other.ProofOfDelivery);
    }

    /// <summary>One plan's use of the cache: reads the last plan's entries, writes its own.</summary>
    internal sealed class Session(CollectionCaseCache owner, Generation? last, Generation next)
    {
        private readonly Dictionary<string, Entry>? previous = last?.Entries;
        private readonly long started = System.Diagnostics.Stopwatch.GetTimestamp();
        private int reused;
        private int evaluated;

        /// <summary>The case the last plan found for the same inputs; <c>false</c> when the customer must be evaluated.</summary>
        public bool TryGet(CustomerAccount account, CollectionCase? open, ContactHistory contacts, out Entry entry)
        {
            if (previous is not null
                && previous.TryGetValue(account.Id, out var found)
                && ReferenceEquals(found.Account, account)
                && Nullable.Equals(found.PreviousDue, DueOf(open))
                && SameEmails(found.Emails, contacts.EmailsOf(account.Id)))
            {
                next.Entries[account.Id] = found;
                reused++;
                entry = found;
                return true;
            }

            entry = null!;
            return false;
        }

        public void Add(CustomerAccount account, CollectionCase? open, ContactHistory contacts, CollectionCase? found, CollectionOutcome outcome, string? reason)
        {
            next.Entries[account.Id] = new Entry(account, DueOf(open), contacts.EmailsOf(account.Id), found, outcome, reason);
            evaluated++;
        }

        /// <summary>The case with the collector the last plan gave it, when that did not depend on anyone's workload and nothing it depends on changed.</summary>
        public bool TryGetAssigned(CollectionCase found, Customer customer, string? current, IReadOnlyList<Collector> collectors, out CollectionCase assigned)
        {
            if (last is not null
                && last.Assigned.TryGetValue(customer.Id, out var kept)
                && ReferenceEquals(kept.Found, found)
                && ReferenceEquals(kept.Customer, customer)
                && ReferenceEquals(kept.Collectors, collectors)
                && string.Equals(kept.Current, current, StringComparison.Ordinal))
            {
                next.Assigned[customer.Id] = kept;
                assigned = kept.Assigned;
                return true;
            }

            assigned = null!;
            return false;
        }

        public void AddAssigned(CollectionCase found, Customer customer, string? current, IReadOnlyList<Collector> collectors, CollectionCase assigned) =>
            next.Assigned[customer.Id] = new AssignedEntry(found, customer, current, collectors, assigned);

        private TimeSpan caseTime;

        /// <summary>The last plan's cases in priority order (assigned), when its inputs were the same.</summary>
        public IReadOnlyList<CollectionCase>? LastSorted => last?.Sorted;

        /// <summary>The changes against <paramref name="previous"/>, those between the same two case objects as in the last plan taken from it.</summary>
        public IReadOnlyList<CaseChange> Changes(IReadOnlyList<CollectionCase> current, IReadOnlyList<CollectionCase>? previous, IReadOnlyDictionary<string, string>? notReevaluated)
        {
            var changes = CaseChanges.Compare(current, previous, notReevaluated, last?.Changes);
            var byCase = new Dictionary<string, CaseChange>(changes.Count, StringComparer.Ordinal);
            foreach (var change in changes)
            {
                if (change.Current is not null)
                {
                    byCase[change.CaseId] = change;
                }
            }

            next.Changes = byCase;
            return changes;
        }

        /// <summary>Every customer's case is found (cached or evaluated); assignment and ordering follow.</summary>
        public void CasesFound() => caseTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        public void End(IReadOnlyList<CollectionCase> sorted)
        {
            next.Sorted = sorted;
            owner.End(next, reused, evaluated, caseTime);
        }

        private static (int, ActionKind, DateOnly, DateOnly)? DueOf(CollectionCase? open) =>
            open is null ? null : (open.Level, open.NextAction.Kind, open.NextAction.ScheduledOn, open.NextAction.DueDate);

        private static bool SameEmails(IReadOnlyList<(int Level, DateOnly Date)>? a, IReadOnlyList<(int Level, DateOnly Date)>? b)
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            if (a is null || b is null || a.Count != b.Count)
            {
                return false;
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
