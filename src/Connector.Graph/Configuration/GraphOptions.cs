using Connector.Domain.Policies;

namespace Connector.Graph.Configuration;

/// <summary>
/// Configuration section <c>Graph</c>: which Graph to talk to, as which app, and how hard to push each mailbox.
/// Authenticate with exactly one of: a static <see cref="AccessToken"/>, a client secret, or a certificate
/// (<see cref="GraphOptionsCrossFieldValidator"/> checks the combination). Validation messages name the setting, what was
/// expected and what was given (<c>Graph:MaxRetries must be between 0 and 20 (was 21).</c>); never a secret.
/// </summary>
[SettingsSection(SectionName)]
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>Outlook's documented limit: 4 concurrent requests per app per mailbox (reference §11, throttling).</summary>
    public const int OutlookConcurrencyPerMailbox = 4;

    /// <summary>The app-only scope of Microsoft Graph.</summary>
    public const string Scope = "https://graph.microsoft.com/.default";

    private const string BaseUrlRule = "must be an absolute http or https URL, such as https://graph.microsoft.com/v1.0";

    /// <summary>The Graph root every request path is appended to; a loopback emulator works exactly like the cloud.</summary>
    [SettingRequired(BaseUrlRule)]
    [SettingUrl(BaseUrlRule, HttpsUnlessLoopback = true)]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>Entra tenant id (client secret and certificate authentication).</summary>
    public string? TenantId { get; set; }

    /// <summary>Application (client) id of the app registration with Tasks.ReadWrite.All and Mail.Send.</summary>
    public string? ClientId { get; set; }

    /// <summary>Client secret; never logged. Prefer user secrets or an environment variable to appsettings.json.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Path of a PKCS#12 (.pfx) file holding the client certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of <see cref="CertificatePath"/>, if any; never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>A bearer token used as is (emulators, tests, short scripts); no refresh.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The list each collector's tasks go to, created when missing.</summary>
    [SettingRequired("is required: the To Do list each collector's tasks go to, such as AR Collections")]
    public string TaskListName { get; set; } = "AR Collections";

    /// <summary>The shared mailbox dunning mail is sent from (user id or UPN).</summary>
    [SettingPattern(@"\S", "must name the shared mailbox dunning mail is sent from (such as ar@contoso.com), or be left out")]
    public string? SenderMailbox { get; set; }

    /// <summary>Requests in flight per mailbox from this process; above Outlook's 4 the surplus is answered 429.</summary>
    [SettingRange(1, OutlookConcurrencyPerMailbox, Hint = "Outlook allows 4 concurrent requests per app per mailbox")]
    public int MaxConcurrentPerMailbox { get; set; } = OutlookConcurrencyPerMailbox;

    /// <summary>Time allowed for one attempt of one request (the SDK's own default is 100 s).</summary>
    [SettingRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 100;

    /// <summary>Retries after a throttled, unavailable or timed-out attempt (0 = none); a create is retried only after a 429.</summary>
    [SettingRange(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary><see cref="BaseUrl"/> as a URI without a trailing slash (the SDK's URL templates add their own).</summary>
    public Uri BaseUri => new(BaseUrl.TrimEnd('/'), UriKind.Absolute);
}
