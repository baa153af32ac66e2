using Connector.Domain.Ledger;

namespace Connector.Domain.Collections;

/// <summary>
/// Chooses a collector for each case: the one the ERP names if it is known; otherwise the rules
/// narrow the candidates (territory, then language, then size) and the least-loaded candidate wins,
/// ties broken by collector id so that a run is repeatable. Workload counts the open cases assigned
/// so far and grows as cases are assigned. A collector who already works the case keeps it while the rules allow.
/// </summary>
public sealed class CollectorAssigner
{
    private readonly Collector[] collectors;
    private readonly Dictionary<string, int> load = new(StringComparer.Ordinal);
    private readonly HashSet<string> seniors;
    private readonly decimal? seniorAmount;

    public CollectorAssigner(IEnumerable<Collector> collectors, CollectionsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(collectors);
        ArgumentNullException.ThrowIfNull(policy);
        this.collectors = [.. collectors.OrderBy(static c => c.Id, StringComparer.Ordinal)];
        foreach (var collector in this.collectors)
        {
            load.TryAdd(collector.Id, 0);
        }

        seniors = new HashSet<string>(policy.SeniorCollectorIds ?? [], StringComparer.Ordinal);
        seniorAmount = policy.SeniorCaseAmount;
    }

    public bool IsKnown(string? collectorId) => collectorId is not null && load.ContainsKey(collectorId);

    /// <summary>Open cases assigned to <paramref name="collectorId"/> so far.</summary>
    public int WorkloadOf(string collectorId) => load.GetValueOrDefault(collectorId);

    /// <summary>Counts a case kept from an earlier plan (with its assignment) in its collector's workload.</summary>
    public void Count(string? collectorId)
    {
        if (collectorId is not null && load.TryGetValue(collectorId, out var cases))
        {
            load[collectorId] = cases + 1;
        }
    }

    /// <summary>
    /// Assigns one case and counts it in the chosen collector's workload.
    /// <paramref name="currentCollectorId"/> is the collector of the customer's open case, kept when
    /// the rules still allow it so that a case does not hop between people from run to run.
    /// </summary>
    public CollectorAssignment Assign(Customer customer, decimal amountInCompanyCurrency, string? currentCollectorId = null) =>
        Choose(customer, amountInCompanyCurrency, currentCollectorId, byLoad: true)!;

    /// <summary>
    /// The assignment when it does not depend on anyone's workload — no collectors, the one the ERP names, or
    /// <paramref name="currentCollectorId"/> while the rules still allow them — counted in that workload; otherwise
    /// <c>null</c> and nothing counted (the case is for <see cref="Assign"/>, once every such case is counted).
    /// </summary>
    public CollectorAssignment? AssignWithoutLoad(Customer customer, decimal amountInCompanyCurrency, string? currentCollectorId) =>
        Choose(customer, amountInCompanyCurrency, currentCollectorId, byLoad: false);

    private CollectorAssignment? Choose(Customer customer, decimal amountInCompanyCurrency, string? currentCollectorId, bool byLoad)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (collectors.Length == 0)
        {
            return CollectorAssignment.Unassigned;
        }

        if (IsKnown(customer.CollectorId))
        {
            load[customer.CollectorId!]++;
            return new CollectorAssignment(customer.CollectorId, AssignmentReason.Explicit, $"collector {customer.CollectorId} is named by the ERP");
        }

        var notes = new List<string>(4);
        if (!string.IsNullOrWhiteSpace(customer.CollectorId))
        {
            notes.Add($"collector '{customer.CollectorId}' named by the ERP is unknown");
        }

        IReadOnlyList<Collector> candidates = collectors;
        var reason = AssignmentReason.LeastLoaded;
        if (!string.IsNullOrWhiteSpace(customer.Territory))
        {
            var matching = Filter(candidates, c => Contains(c.Territories, customer.Territory));
            if (matching.Count > 0)
            {
                candidates = matching;
                reason = AssignmentReason.Territory;
                notes.Add($"territory {customer.Territory} ({matching.Count} collector(s))");
            }
            else
            {
                notes.Add($"no collector covers territory {customer.Territory}");
            }
        }

        if (!string.IsNullOrWhiteSpace(customer.Language))
        {
            var matching = Filter(candidates, c => Contains(c.Languages, customer.Language));
            if (matching.Count > 0)
            {
                candidates = matching;
                reason = reason == AssignmentReason.LeastLoaded ? AssignmentReason.Language : reason;
                notes.Add($"language {customer.Language} ({matching.Count} collector(s))");
            }
            else
            {
                notes.Add($"no collector speaks {customer.Language}");
            }
        }

        if (seniorAmount is { } threshold && amountInCompanyCurrency >= threshold)
        {
            var matching = Filter(candidates, c => seniors.Contains(c.Id));
            if (matching.Count > 0)
            {
                candidates = matching;
                reason = reason == AssignmentReason.LeastLoaded ? AssignmentReason.Size : reason;
                notes.Add($"large case (≥ {threshold}) for a senior collector ({matching.Count})");
            }
        }

        Collector chosen;
        if (currentCollectorId is not null && Find(candidates, currentCollectorId) is { } current)
        {
            chosen = current;
            reason = AssignmentReason.Continuing;
            notes.Add($"keeps {current.Id}, who already works the case");
        }
        else if (!byLoad)
        {
            return null;
        }
        else
        {
            // Collectors are sorted by id, so the first with the fewest cases wins a tie.
            chosen = candidates[0];
            for (var i = 1; i < candidates.Count; i++)
            {
                if (load[candidates[i].Id] < load[chosen.Id])
                {
                    chosen = candidates[i];
                }
            }

            notes.Add(candidates.Count == 1
                ? $"only candidate {chosen.Id} ({load[chosen.Id]} open case(s))"
                : $"least loaded of {candidates.Count}: {chosen.Id} with {load[chosen.Id]} open case(s)");
        }

        load[chosen.Id]++;
        return new CollectorAssignment(chosen.Id, reason, string.Join("; ", notes));
    }

    private static List<Collector> Filter(IReadOnlyList<Collector> candidates, Func<Collector, bool> keep)
    {
        var kept = new List<Collector>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (keep(candidate))
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    private static Collector? Find(IReadOnlyList<Collector> candidates, string id)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Id == id)
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> values, string wanted)
    {
        foreach (var value in values)
        {
            if (string.Equals(value, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
