using Connector.Domain.Policies;

namespace Connector.Dataverse.Configuration;

/// <summary>
/// Configuration section <c>Dataverse</c>: which environment to talk to, as whom, and how hard to push it.
/// Authenticate with exactly one of: a static <see cref="AccessToken"/>, a client secret, or a certificate
/// (<see cref="DataverseOptionsCrossFieldValidator"/> checks the combination). Validation messages name the setting, what
/// was expected and what was given, e.g. <c>Dataverse:MaxParallelism must be between 1 and 52 (…) (was 60).</c>; never a secret.
/// </summary>
[SettingsSection(SectionName)]
public sealed class DataverseOptions
{
    public const string SectionName = "Dataverse";

    /// <summary>The highest concurrency Dataverse allows one user per web server (api-limits: 52 concurrent requests).</summary>
    public const int ServiceProtectionConcurrency = 52;

    /// <summary>The environment URL, e.g. <c>https://contoso.crm4.dynamics.com/</c>; also the token audience.</summary>
    [SettingRequired("is required: the environment URL, such as https://contoso.crm4.dynamics.com/")]
    [SettingUrl("must be an absolute http or https URL, such as https://contoso.crm4.dynamics.com/", HttpOnly = true)]
    public string? Url { get; set; }

    /// <summary>Web API version in the path (<c>api/data/v9.2/</c>).</summary>
    [SettingRequired("is required, such as 9.2")]
    [SettingPattern(@"^\d+\.\d+$", "must look like 9.2")]
    public string ApiVersion { get; set; } = "9.2";

    /// <summary>Entra tenant id (client secret and certificate authentication).</summary>
    public string? TenantId { get; set; }

    /// <summary>Application (client) id of the app registration behind Dataverse's application user.</summary>
    public string? ClientId { get; set; }

    /// <summary>Client secret; never logged. Prefer user secrets or an environment variable to appsettings.json.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Path of a PKCS#12 (.pfx) file holding the client certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of <see cref="CertificatePath"/>, if any; never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>A bearer token used as is (emulators, short scripts); no refresh.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Token authority; default <c>https://login.microsoftonline.com/{TenantId}</c>. Only https: the sign-in library refuses anything else, so it is checked at start.</summary>
    [SettingUrl("must be an absolute https URL, such as https://login.microsoftonline.com/<tenant id> (the sign-in library accepts no other scheme)", HttpsOnly = true)]
    public string? Authority { get; set; }

    /// <summary>Upper bound on concurrent requests; the server's <c>x-ms-dop-hint</c> may lower it further.</summary>
    [SettingRange(1, ServiceProtectionConcurrency, Hint = "Dataverse refuses more than 52 concurrent requests per user")]
    public int MaxParallelism { get; set; } = ServiceProtectionConcurrency;

    /// <summary>Records per UpsertMultiple request (Microsoft suggests starting near 1,000 for small records).</summary>
    [SettingRange(1, 1000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Operations per <c>$batch</c> request when records go one by one (a $batch holds at most 1,000).</summary>
    [SettingRange(1, 1000, Hint = "a $batch holds at most 1000 operations")]
    public int BatchFallbackSize { get; set; } = 50;

    /// <summary>Time allowed for one attempt of one request.</summary>
    [SettingRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Retries after a throttled, unavailable or timed-out attempt (0 = none).</summary>
    [SettingRange(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>The environment URL with a trailing slash.</summary>
    public Uri EnvironmentUri => new(Url!.EndsWith('/') ? Url : Url + "/", UriKind.Absolute);

    /// <summary>Where Web API paths start: <c>{Url}/api/data/v{ApiVersion}/</c>.</summary>
    public Uri ApiBaseUri => new(EnvironmentUri, $"api/data/v{ApiVersion}/");

    /// <summary>The configured <see cref="Authority"/>, or Entra's for <see cref="TenantId"/>.</summary>
    public string ResolveAuthority() =>
        string.IsNullOrWhiteSpace(Authority) ? $"https://login.microsoftonline.com/{TenantId}" : Authority;

    /// <summary>The client-credentials scope: the environment URL plus <c>/.default</c>.</summary>
    public string Scope => EnvironmentUri.GetLeftPart(UriPartial.Authority) + "/.default";
}
