using Connector.Domain.Policies;

namespace Connector.Sync.Clock;

/// <summary>
/// The one place that turns the clock into the company's calendar: "today" is the day it is in <c>Company:TimeZone</c>
/// (the host's zone when unset), whatever zone the server runs in. Every evaluation date, release end, hold age and
/// completion day is taken from here.
/// </summary>
public sealed class CompanyClock
{
    private readonly TimeProvider time;

    public CompanyClock(TimeProvider time, CompanyPolicy company)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(company);
        this.time = time;
        Zone = string.IsNullOrWhiteSpace(company.TimeZone) ? time.LocalTimeZone : TimeZoneInfo.FindSystemTimeZoneById(company.TimeZone.Trim());
        Currency = company.Currency.ToUpperInvariant();
    }

    /// <summary>The company currency (<c>Company:Currency</c>): the ledger's rates are its units per one unit of another currency.</summary>
    public string Currency { get; }

    /// <summary>The company's time zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The clock behind it (for instants: audit times, outbox stamps).</summary>
    public TimeProvider Time => time;

    /// <summary>Now, as an instant.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The company's day now.</summary>
    public DateOnly Today => DayOf(time.GetUtcNow());

    /// <summary>The company's day at <paramref name="moment"/>.</summary>
    public DateOnly DayOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Zone).DateTime);
}
