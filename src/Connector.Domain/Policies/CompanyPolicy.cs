namespace Connector.Domain.Policies;

/// <summary>Configuration section <c>Company</c>.</summary>
[SettingsSection(SectionName)]
public sealed class CompanyPolicy
{
    public const string SectionName = "Company";

    private const string CurrencyCode = "must be a three-letter ISO 4217 code such as USD";

    /// <summary>ISO 4217 code of the company (reporting) currency.</summary>
    [SettingRequired(CurrencyCode)]
    [SettingPattern("^[A-Za-z]{3}$", CurrencyCode)]
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// The IANA time zone the company's days are counted in (<c>Europe/Berlin</c>): "today", due dates, release ends and
    /// hold ages all fall on its calendar. Empty: the host's zone.
    /// </summary>
    [SettingTimeZone]
    public string? TimeZone { get; set; }
}
