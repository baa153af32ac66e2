namespace Connector.Domain.Credit;

/// <summary>
/// Overdue figures of one customer in its credit currency, gathered in one pass over its open items.
/// </summary>
public readonly record struct OverdueFigures
{
    /// <summary>Open amount of every item more than 0 days past due (disputed and credit memos included, as in aging).</summary>
    public decimal OverdueAmount { get; init; }

    /// <summary>Days past due of the oldest overdue item (0 when nothing is overdue).</summary>
    public int OldestOverdueDays { get; init; }

    /// <summary>Open amount of undisputed invoices more than 0 days past due: the base of OVERDUE_SHARE.</summary>
    public decimal OverdueUndisputed { get; init; }

    /// <summary>Undisputed invoices beyond <c>Credit:OverdueAgeDays</c> with an open amount at or above the materiality.</summary>
    public int AgedCount { get; init; }

    public decimal AgedAmount { get; init; }

    public int AgedOldestDays { get; init; }
}
