using System.Globalization;

namespace Connector.Sync.Statements;

/// <summary>A statement period: whole days from <see cref="Start"/> to <see cref="End"/>, both included.</summary>
public sealed record StatementPeriod
{
    public StatementPeriod(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            throw new ArgumentException($"The period ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).", nameof(end));
        }

        Start = start;
        End = end;
    }

    public DateOnly Start { get; }
    public DateOnly End { get; }

    /// <summary>The key a statement is sent once for: <c>2026-10</c> for a calendar month, else <c>2026-10-01..2026-10-15</c>.</summary>
    public string Key => IsCalendarMonth
        ? Start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}");

    public bool IsCalendarMonth => Start.Day == 1 && End == Start.AddMonths(1).AddDays(-1);

    /// <summary>"October 2026", or "2026-10-01 – 2026-10-15".</summary>
    public string Label => IsCalendarMonth
        ? Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd} – {End:yyyy-MM-dd}");

    public bool Contains(DateOnly day) => day >= Start && day <= End;

    /// <summary>The calendar month of <paramref name="day"/>.</summary>
    public static StatementPeriod Month(int year, int month)
    {
        var start = new DateOnly(year, month, 1);
        return new StatementPeriod(start, start.AddMonths(1).AddDays(-1));
    }

    /// <summary>The calendar month before the one <paramref name="today"/> is in: what a monthly run on the 1st sends.</summary>
    public static StatementPeriod MonthBefore(DateOnly today)
    {
        var previous = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return Month(previous.Year, previous.Month);
    }

    /// <summary>Parses <c>yyyy-MM</c>; <c>null</c> when the text is not one.</summary>
    public static StatementPeriod? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? Month(day.Year, day.Month)
            : null;
}
