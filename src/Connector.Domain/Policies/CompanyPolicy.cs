namespace Connector.Domain.Policies;

/// <summary>Configuration section <c>Company</c>.</summary>
public sealed class CompanyPolicy
{
    public const string SectionName = "Company";

    /// <summary>ISO 4217 code of the company (reporting) currency.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// The IANA time zone the company's days are counted in (<c>Europe/Berlin</c>): "today", due dates, release ends and
    /// hold ages all fall on its calendar. Empty: the host's zone.
    /// </summary>
    public string? TimeZone { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new PolicyErrors(SectionName);
        if (Currency is null || Currency.Length != 3 || !Currency.All(char.IsAsciiLetter))
        {
            errors.Add(nameof(Currency), "must be a three-letter ISO 4217 code such as USD", Currency);
        }

        if (!string.IsNullOrWhiteSpace(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.Trim(), out _))
        {
            errors.Add(nameof(TimeZone), "must be an IANA time zone id such as Europe/Berlin or America/New_York (empty: the host's zone)", TimeZone);
        }

        return errors.Errors;
    }
}
