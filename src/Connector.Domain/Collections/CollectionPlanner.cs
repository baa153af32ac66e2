using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Readiness;

namespace Connector.Domain.Collections;

/// <summary>
/// Plans collections for the whole ledger: one case per customer with an undisputed overdue balance,
/// assigned to a collector, queued by priority, and compared with the cases open before. With a
/// <see cref="CollectionCaseCache"/> only the customers whose inputs changed since the last plan are evaluated again.
/// </summary>
public static class CollectionPlanner
{
    public static CollectionPlan Plan(
        ArLedger ledger,
        CollectionsPolicy policy,
        RatesAsOf rates,
        IReadOnlyList<ContactAttempt>? history = null,
        IReadOnlyList<CollectionCase>? previous = null,
        ProofOfDelivery? proofOfDelivery = null,
        CollectionCaseCache? cache = null,
        IReadOnlyDictionary<string, string>? lastCollectors = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(policy);
        var evaluator = new CollectionCaseEvaluator(policy);
        var contacts = history is null || history.Count == 0 ? ContactHistory.Empty : new ContactHistory(history);
        var before = new Dictionary<string, CollectionCase>(StringComparer.Ordinal);
        foreach (var old in previous ?? [])
        {
            before[old.CustomerId] = old;
        }

        var open = new List<(CollectionCase Case, Customer Customer)>();
        var skipped = new List<SkippedCustomer>();
        var notEvaluable = new Dictionary<string, string>(StringComparer.Ordinal);
        var session = cache?.Begin(policy, rates, ledger.Rates, proofOfDelivery, ledger.Accounts.Count);
        foreach (var account in ledger.Accounts)
        {
            // A customer whose account, contacts and open case are those of the last plan has the case it had then.
            var previousCase = before.GetValueOrDefault(account.Id);
            CollectionCase? found;
            CollectionOutcome outcome;
            string? reason;
            if (session is not null && session.TryGet(account, previousCase, contacts, out var cached))
            {
                (found, outcome, reason) = (cached.Case, cached.Outcome, cached.Reason);
            }
            else
            {
                found = evaluator.Evaluate(account, rates, out var summary, contacts, proofOfDelivery, previousCase);
                (outcome, reason) = (summary.Outcome, summary.Reason);
                session?.Add(account, previousCase, contacts, found, outcome, reason);
            }

            if (found is not null)
            {
                open.Add((found, account.Customer));
            }
            else if (outcome != CollectionOutcome.NothingDue)
            {
                skipped.Add(new SkippedCustomer(account.Id, outcome, reason ?? outcome.ToString()));
                if (outcome == CollectionOutcome.NotEvaluable)
                {
                    notEvaluable[account.Id] = reason ?? "not evaluable";
                }
            }
        }

        session?.CasesFound();

        // One case per customer: (score, customer id) is a total order, so an unstable sort gives the same list — and the
        // last plan's order of the cases kept from it, merged with the others sorted, gives it too.
        var assigned = Assign(open, ledger.Collectors, policy, previous, lastCollectors, session, out var kept);
        var byPriority = session?.LastSorted is { } lastSorted && kept.Count > 0 ? Merge(lastSorted, kept, assigned) : Sorted(assigned);

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var collector in ledger.Collectors)
        {
            names.TryAdd(collector.Id, collector.Name);
        }

        var queues = byPriority
            .Where(static c => c.NextAction.AssigneeId is not null)
            .GroupBy(static c => c.NextAction.AssigneeId!, StringComparer.Ordinal)
            .OrderBy(static g => g.Key, StringComparer.Ordinal)
            .Select(g => new CollectorQueue(g.Key, names.GetValueOrDefault(g.Key) ?? (g.Key == policy.ArManagerId ? "AR manager" : g.Key), [.. g]))
            .ToList();

        var result = new CollectionPlan
        {
            AsOf = rates.AsOf,
            CompanyCurrency = rates.CompanyCurrency,
            Cases = byPriority,
            Queues = queues,
            Unassigned = [.. byPriority.Where(static c => c.NextAction.AssigneeId is null)],
            Skipped = skipped,
            Changes = session is null ? CaseChanges.Compare(byPriority, previous, notEvaluable) : session.Changes(byPriority, previous, notEvaluable),
        };
        session?.End(byPriority);
        return result;
    }

    private static List<CollectionCase> Sorted(List<CollectionCase> cases)
    {
        cases.Sort(ByPriority);
        return cases;
    }

    /// <summary>The last plan's order of the <paramref name="kept"/> cases merged with every other case, sorted: <see cref="ByPriority"/> order.</summary>
    private static List<CollectionCase> Merge(IReadOnlyList<CollectionCase> lastSorted, HashSet<CollectionCase> kept, List<CollectionCase> all)
    {
        var others = new List<CollectionCase>(all.Count - kept.Count);
        foreach (var found in all)
        {
            if (!kept.Contains(found))
            {
                others.Add(found);
            }
        }

        others.Sort(ByPriority);
        var merged = new List<CollectionCase>(all.Count);
        var o = 0;
        foreach (var found in lastSorted)
        {
            if (!kept.Contains(found))
            {
                continue;
            }

            while (o < others.Count && ByPriority(others[o], found) < 0)
            {
                merged.Add(others[o++]);
            }

            merged.Add(found);
        }

        while (o < others.Count)
        {
            merged.Add(others[o++]);
        }

        return merged;
    }

    /// <summary>
    /// Every case whose collector does not depend on anyone's workload first — the collector the ERP names, or the one who
    /// already works the customer's case (its stored open case's, else the last plan's, <paramref name="lastCollectors"/>)
    /// while the rules still allow them — then the new cases by priority, highest first, each to the least-loaded candidate
    /// counting every case assigned before it (decision 127). A case keeps its collector from plan to plan, so a change to
    /// one case moves no other case's collector, and a plan made again from the stored open cases gives the same collectors.
    /// </summary>
    private static List<CollectionCase> Assign(
        List<(CollectionCase Case, Customer Customer)> open,
        IReadOnlyList<Collector> collectors,
        CollectionsPolicy policy,
        IReadOnlyList<CollectionCase>? previous,
        IReadOnlyDictionary<string, string>? lastCollectors,
        CollectionCaseCache.Session? session,
        out HashSet<CollectionCase> kept)
    {
        kept = new HashSet<CollectionCase>(session is null ? 0 : open.Count, ReferenceEqualityComparer.Instance);
        var assigner = new CollectorAssigner(collectors, policy);
        var previousCollector = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var old in previous ?? [])
        {
            if (old.Assignment?.CollectorId is { } id)
            {
                previousCollector[old.CustomerId] = id;
            }
        }

        var manager = string.IsNullOrWhiteSpace(policy.ArManagerId) ? null : policy.ArManagerId;
        var result = new CollectionCase[open.Count];
        var waiting = new List<int>();
        for (var i = 0; i < open.Count; i++)
        {
            var (found, customer) = open[i];
            var current = previousCollector.GetValueOrDefault(customer.Id) ?? lastCollectors?.GetValueOrDefault(customer.Id);
            if (session is not null && session.TryGetAssigned(found, customer, current, collectors, out var same))
            {
                assigner.Count(same.Assignment!.CollectorId);
                result[i] = same;
                kept.Add(same);
            }
            else if (assigner.AssignWithoutLoad(customer, found.AmountInCompanyCurrency, current) is { } assignment)
            {
                result[i] = WithAssignee(found, assignment, manager);
                session?.AddAssigned(found, customer, current, collectors, result[i]);
            }
            else
            {
                waiting.Add(i);
            }
        }

        // (score, customer id) is a total order: one case per customer.
        waiting.Sort((a, b) => ByPriority(open[a].Case, open[b].Case));
        foreach (var i in waiting)
        {
            var (found, customer) = open[i];
            result[i] = WithAssignee(found, assigner.Assign(customer, found.AmountInCompanyCurrency), manager);
        }

        return [.. result];
    }

    private static CollectionCase WithAssignee(CollectionCase found, CollectorAssignment assignment, string? manager)
    {
        var assignee = found.NextAction.Kind == ActionKind.ManagerTask ? manager ?? assignment.CollectorId : assignment.CollectorId;
        return found with
        {
            Assignment = assignment,
            NextAction = found.NextAction with { AssigneeId = assignee },
        };
    }

    private static int ByPriority(CollectionCase a, CollectionCase b)
    {
        var byScore = b.Priority.Score.CompareTo(a.Priority.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(a.CustomerId, b.CustomerId);
    }

    /// <summary>
    /// "CASE-C1  level 2 (Call)  1,200.00 USD  priority 1,800 (Low)  COL-1  Collector task, …": one line
    /// per case for logs and the CLI. The score is shown as a plain number: weights and the boost
    /// make it a ranking, not an amount.
    /// </summary>
    public static string Describe(CollectionCase collectionCase)
    {
        ArgumentNullException.ThrowIfNull(collectionCase);
        var score = Math.Round(collectionCase.Priority.Score, 0, MidpointRounding.ToEven).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        return $"{collectionCase.CaseId}  level {collectionCase.Level} ({collectionCase.LevelName})  "
            + $"{CurrencyUnits.Format(collectionCase.Amount, collectionCase.Currency)}  "
            + $"priority {score} ({collectionCase.Priority.Importance})  "
            + $"{collectionCase.NextAction.AssigneeId ?? collectionCase.Assignment?.CollectorId ?? "unassigned"}  {collectionCase.NextAction.Description}";
    }
}
