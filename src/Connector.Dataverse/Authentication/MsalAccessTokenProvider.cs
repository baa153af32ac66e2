using System.Security.Cryptography.X509Certificates;
using Connector.Dataverse.Configuration;
using Microsoft.Identity.Client;

namespace Connector.Dataverse.Authentication;

/// <summary>
/// Client credentials through MSAL: ONE confidential client application for the process (register this as a
/// singleton), so MSAL's in-memory token cache serves every request until the token nears expiry; asking
/// <c>AcquireTokenForClient</c> per request is the documented pattern, not a network call per request.
/// </summary>
public sealed class MsalAccessTokenProvider : IAccessTokenProvider
{
    private readonly IConfidentialClientApplication application;
    private readonly string[] scopes;

    public MsalAccessTokenProvider(DataverseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        scopes = [options.Scope];
        var builder = ConfidentialClientApplicationBuilder.Create(options.ClientId);
        builder = string.IsNullOrWhiteSpace(options.Authority)
            ? builder.WithAuthority(options.ResolveAuthority(), validateAuthority: true)
            : builder.WithAuthority(options.Authority, validateAuthority: false).WithInstanceDiscovery(false);
        builder = string.IsNullOrWhiteSpace(options.CertificatePath)
            ? builder.WithClientSecret(options.ClientSecret)
            : builder.WithCertificate(X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword));
        application = builder.Build();
    }

    /// <summary>The scope requested: the environment URL plus <c>/.default</c>.</summary>
    public IReadOnlyList<string> Scopes => scopes;

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await application.AcquireTokenForClient(scopes).ExecuteAsync(cancellationToken);
            return result.AccessToken;
        }
        catch (MsalException e)
        {
            // MSAL's messages name the tenant, client and error code, never the secret.
            throw new DataverseAuthenticationException($"Could not get a Dataverse token for scope {scopes[0]}: {e.ErrorCode}: {e.Message}", e);
        }
    }
}
