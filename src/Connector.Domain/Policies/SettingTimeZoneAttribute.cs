namespace Connector.Domain.Policies;

/// <summary>An IANA time zone id this machine knows (<c>Europe/Berlin</c>); empty or blank text passes (it means the host's zone).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingTimeZoneAttribute : SettingAttribute
{
    protected override Problem? Check(object value) =>
        value is string text && (string.IsNullOrWhiteSpace(text) || TimeZoneInfo.TryFindSystemTimeZoneById(text.Trim(), out _))
            ? null
            : new Problem("must be an IANA time zone id such as Europe/Berlin or America/New_York (empty: the host's zone)", PolicyErrors.Describe(value));
}
