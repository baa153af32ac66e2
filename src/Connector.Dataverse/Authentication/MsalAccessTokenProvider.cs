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
    private readonly string authority;

    public MsalAccessTokenProvider(DataverseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        scopes = [options.Scope];
        authority = options.ResolveAuthority();
        var builder = ConfidentialClientApplicationBuilder.Create(options.ClientId);
        builder = string.IsNullOrWhiteSpace(options.Authority)
            ? builder.WithAuthority(authority, validateAuthority: true)
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
        catch (MsalServiceException e) when (e.InnerException is HttpRequestException or TaskCanceledException || e.StatusCode == 0)
        {
            throw DataverseAuthenticationException.AuthorityUnreachable(authority, OneLine(e.InnerException?.Message ?? e.Message), e);
        }
        catch (MsalException e)
        {
            // MSAL's messages name the tenant, client and error code, never the secret.
            throw DataverseAuthenticationException.Refused(authority, scopes[0], $"{e.ErrorCode}: {OneLine(e.Message)}", e);
        }
        catch (HttpRequestException e)
        {
            // The sign-in authority, not Dataverse: MSAL lets the network failure through as it is.
            throw DataverseAuthenticationException.AuthorityUnreachable(authority, OneLine(e.Message), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw DataverseAuthenticationException.AuthorityUnreachable(authority, "no answer in time", e);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
