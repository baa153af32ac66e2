using Connector.Domain.Policies;

namespace Connector.Webhooks.Hosting;

/// <summary>
/// Configuration section <c>Webhook</c>: where the order webhooks listen and how Dataverse proves it is Dataverse
/// (the service endpoint's HttpHeader auth: one header with a shared key). What hosting the webhooks needs is checked by
/// <see cref="WebhookOptionsCrossFieldValidator"/>; validation messages never show the key.
/// </summary>
[SettingsSection(SectionName)]
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    public const int MinimumKeyLength = 32;

    private const string HeaderNameRule = "must be a header name of letters, digits, '-' or '_'";

    /// <summary>Kestrel URLs, <c>;</c>-separated (<c>http://127.0.0.1:5080</c>); empty: <c>connector run</c> hosts no webhooks.</summary>
    public string? Urls { get; set; }

    /// <summary>The header that carries the key (the service endpoint's <c>authvalue</c> setting name).</summary>
    [SettingRequired(HeaderNameRule)]
    [SettingPattern("^[A-Za-z0-9_-]+$", HeaderNameRule)]
    public string HeaderName { get; set; } = "x-connector-key";

    /// <summary>The shared key; at least 32 characters.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Seconds between <c>/health/ready</c> turning 503 at shutdown and Kestrel stopping: the load balancer's probe
    /// interval times its failure threshold, so it stops sending before the port closes (0: stop at once).
    /// </summary>
    [SettingRange(0, 120)]
    public int DrainSeconds { get; set; } = 5;

    /// <summary>The connector's own application user in Dataverse: orders it creates are not vetoed.</summary>
    public Guid? ConnectorUserId { get; set; }
}
