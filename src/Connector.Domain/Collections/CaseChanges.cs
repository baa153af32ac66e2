using Connector.Domain.Currencies;

namespace Connector.Domain.Collections;

/// <summary>
/// Compares a plan's cases with the cases open before it, so that only changed cases reach the
/// task writer. Compared: level, amount (rounded to the currency), items (id, open amount, disputed,
/// incomplete), state, next action (kind, dates, assignee), the priority's importance and collector.
/// Days past due and the score move daily and are not compared.
/// </summary>
public static class CaseChanges
{
    /// <param name="current">The cases of this plan.</param>
    /// <param name="previous">The cases open before this plan.</param>
    /// <param name="notReevaluated">Customers whose case could not be evaluated this time (missing rate): their case stays open, unchanged.</param>
    public static IReadOnlyList<CaseChange> Compare(
        IReadOnlyList<CollectionCase> current,
        IReadOnlyList<CollectionCase>? previous,
        IReadOnlyDictionary<string, string>? notReevaluated = null) =>
        Compare(current, previous, notReevaluated, null);

    /// <param name="last">The changes of the last plan by case id: a change between the same two case objects is that one again.</param>
    internal static IReadOnlyList<CaseChange> Compare(
        IReadOnlyList<CollectionCase> current,
        IReadOnlyList<CollectionCase>? previous,
        IReadOnlyDictionary<string, string>? notReevaluated,
        IReadOnlyDictionary<string, CaseChange>? last)
    {
        ArgumentNullException.ThrowIfNull(current);
        var before = new Dictionary<string, CollectionCase>(StringComparer.Ordinal);
        foreach (var old in previous ?? [])
        {
            before[old.CaseId] = old;
        }

        var changes = new List<CaseChange>(current.Count + before.Count);
        foreach (var now in current)
        {
            before.Remove(now.CaseId, out var was);
            if (last is not null && last.TryGetValue(now.CaseId, out var same) && ReferenceEquals(same.Current, now) && ReferenceEquals(same.Previous, was))
            {
                changes.Add(same);
                continue;
            }

            if (was is not { } old)
            {
                changes.Add(new CaseChange(now.CaseId, now.CustomerId, ChangeKind.New, now, null, [$"opened at level {now.Level} ({now.LevelName})"]));
                continue;
            }

            var what = Differences(old, now);
            changes.Add(new CaseChange(now.CaseId, now.CustomerId, what.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Updated, now, old, what));
        }

        foreach (var old in before.Values.OrderBy(static c => c.CaseId, StringComparer.Ordinal))
        {
            if (notReevaluated is not null && notReevaluated.TryGetValue(old.CustomerId, out var why))
            {
                changes.Add(new CaseChange(old.CaseId, old.CustomerId, ChangeKind.Unchanged, old, old, [$"not re-evaluated: {why}"]));
            }
            else
            {
                changes.Add(new CaseChange(old.CaseId, old.CustomerId, ChangeKind.Closed, null, old, ["the undisputed overdue balance is cleared"]));
            }
        }

        return changes;
    }

    private static List<string> Differences(CollectionCase old, CollectionCase now)
    {
        var what = new List<string>();
        if (old.Level != now.Level)
        {
            what.Add($"level {old.Level} ({old.LevelName}) → {now.Level} ({now.LevelName})");
        }

        if (CurrencyUnits.Round(old.Amount, old.Currency) != CurrencyUnits.Round(now.Amount, now.Currency)
            || !string.Equals(old.Currency, now.Currency, StringComparison.OrdinalIgnoreCase))
        {
            what.Add($"amount {CurrencyUnits.Format(old.Amount, old.Currency)} → {CurrencyUnits.Format(now.Amount, now.Currency)}");
        }

        ItemDifferences(old, now, what);
        if (old.State != now.State)
        {
            what.Add($"state {old.State} → {now.State}");
        }

        var a = old.NextAction;
        var b = now.NextAction;
        if (a.Kind != b.Kind || a.DueDate != b.DueDate || a.ScheduledOn != b.ScheduledOn || a.EmailDate != b.EmailDate)
        {
            what.Add($"next action {a.Kind} on {a.DueDate:yyyy-MM-dd} → {b.Kind} on {b.DueDate:yyyy-MM-dd}");
        }

        if (old.Priority.Importance != now.Priority.Importance)
        {
            what.Add($"importance {old.Priority.Importance} → {now.Priority.Importance}");
        }

        var oldCollector = old.Assignment?.CollectorId;
        var newCollector = now.Assignment?.CollectorId;
        if (!string.Equals(oldCollector, newCollector, StringComparison.Ordinal) || !string.Equals(a.AssigneeId, b.AssigneeId, StringComparison.Ordinal))
        {
            what.Add($"assigned {b.AssigneeId ?? newCollector ?? "nobody"} (was {a.AssigneeId ?? oldCollector ?? "nobody"})");
        }

        return what;
    }

    private static void ItemDifferences(CollectionCase old, CollectionCase now, List<string> what)
    {
        var before = new Dictionary<string, CaseItem>(old.Items.Count, StringComparer.Ordinal);
        foreach (var item in old.Items)
        {
            before[item.InvoiceId] = item;
        }

        List<string>? added = null, changed = null;
        foreach (var item in now.Items)
        {
            if (!before.Remove(item.InvoiceId, out var was))
            {
                (added ??= []).Add(item.InvoiceId);
            }
            else if (CurrencyUnits.Round(was.OpenAmount, old.Currency) != CurrencyUnits.Round(item.OpenAmount, now.Currency)
                || was.Disputed != item.Disputed || was.Gaps != item.Gaps)
            {
                (changed ??= []).Add(item.InvoiceId);
            }
        }

        if (added is not null)
        {
            what.Add("items added " + string.Join(", ", added));
        }

        if (before.Count > 0)
        {
            what.Add("items removed " + string.Join(", ", before.Keys.Order(StringComparer.Ordinal)));
        }

        if (changed is not null)
        {
            what.Add("items changed " + string.Join(", ", changed));
        }
    }
}
