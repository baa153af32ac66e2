using System.Globalization;

namespace Connector.Graph.Configuration;

/// <summary>
/// Configuration section <c>Graph</c>: which Graph to talk to, as which app, and how hard to push each mailbox.
/// Authenticate with exactly one of: a static <see cref="AccessToken"/>, a client secret, or a certificate.
/// <see cref="Validate"/> reports every problem at once, one line each ("<c>Setting: problem</c>"), never a secret.
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>Outlook's documented limit: 4 concurrent requests per app per mailbox (reference §11, throttling).</summary>
    public const int OutlookConcurrencyPerMailbox = 4;

    /// <summary>The app-only scope of Microsoft Graph.</summary>
    public const string Scope = "https://graph.microsoft.com/.default";

    /// <summary>The Graph root every request path is appended to; a loopback emulator works exactly like the cloud.</summary>
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
    public string TaskListName { get; set; } = "AR Collections";

    /// <summary>The shared mailbox dunning mail is sent from (user id or UPN).</summary>
    public string? SenderMailbox { get; set; }

    /// <summary>Requests in flight per mailbox from this process; above Outlook's 4 the surplus is answered 429.</summary>
    public int MaxConcurrentPerMailbox { get; set; } = OutlookConcurrencyPerMailbox;

    /// <summary>Time allowed for one attempt of one request (the SDK's own default is 100 s).</summary>
    public int TimeoutSeconds { get; set; } = 100;

    /// <summary>Retries after a throttled, unavailable or timed-out attempt (0 = none); a create is retried only after a 429.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary><see cref="BaseUrl"/> as a URI without a trailing slash (the SDK's URL templates add their own).</summary>
    public Uri BaseUri => new(BaseUrl.TrimEnd('/'), UriKind.Absolute);

    /// <summary>Every problem of these settings, one line each naming the setting; empty when usable. Secrets are never echoed.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"BaseUrl: must be an absolute http or https URL, such as https://graph.microsoft.com/v1.0 (got '{BaseUrl}')");
        }
        else if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
        {
            failures.Add($"BaseUrl: plain http is only allowed on loopback (an emulator); use https (got '{BaseUrl}')");
        }

        var token = Has(AccessToken);
        var secret = Has(ClientSecret);
        var certificate = Has(CertificatePath);
        var modes = (token ? 1 : 0) + (secret ? 1 : 0) + (certificate ? 1 : 0);
        if (modes == 0)
        {
            failures.Add("AccessToken, ClientSecret, CertificatePath: none is set; set AccessToken, or TenantId + ClientId + ClientSecret, or TenantId + ClientId + CertificatePath");
        }
        else if (modes > 1)
        {
            var set = new[] { (token, "AccessToken"), (secret, "ClientSecret"), (certificate, "CertificatePath") }.Where(m => m.Item1).Select(m => m.Item2);
            failures.Add($"AccessToken, ClientSecret, CertificatePath: set exactly one (found {string.Join(" and ", set)})");
        }

        if (secret || certificate)
        {
            var with = secret ? "ClientSecret" : "CertificatePath";
            if (!Has(TenantId))
            {
                failures.Add("TenantId: is required with " + with);
            }

            if (!Has(ClientId))
            {
                failures.Add("ClientId: is required with " + with);
            }
        }

        if (string.IsNullOrWhiteSpace(TaskListName))
        {
            failures.Add("TaskListName: is required (the To Do list each collector's tasks go to, such as AR Collections)");
        }

        if (SenderMailbox is not null && string.IsNullOrWhiteSpace(SenderMailbox))
        {
            failures.Add("SenderMailbox: is empty; set the shared mailbox dunning mail is sent from (such as ar@contoso.com) or leave it out");
        }

        Range(failures, nameof(MaxConcurrentPerMailbox), MaxConcurrentPerMailbox, 1, OutlookConcurrencyPerMailbox, " (Outlook allows 4 concurrent requests per app per mailbox)");
        Range(failures, nameof(TimeoutSeconds), TimeoutSeconds, 1, 3600, "");
        Range(failures, nameof(MaxRetries), MaxRetries, 0, 20, "");
        return failures;
    }

    private static void Range(List<string> failures, string name, int value, int minimum, int maximum, string why)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: must be between {minimum} and {maximum}{why} (got {value})"));
        }
    }

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}
