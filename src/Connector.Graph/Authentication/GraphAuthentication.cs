using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Connector.Graph.Configuration;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Connector.Graph.Authentication;

/// <summary>
/// The SDK's authentication provider for the configured mode: a static token, or app-only client credentials
/// (secret or certificate) through Azure.Identity for <see cref="GraphOptions.Scope"/>, tokens cached and refreshed by
/// the credential. The token is attached only to <see cref="GraphOptions.BaseUrl"/>'s host.
/// </summary>
public static class GraphAuthentication
{
    public static IAuthenticationProvider Create(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.AccessToken))
        {
            return new StaticTokenAuthenticationProvider(options.AccessToken);
        }

        return new AzureIdentityAuthenticationProvider(Credential(options), [options.BaseUri.Host], observabilityOptions: null, isCaeEnabled: true, GraphOptions.Scope);
    }

    /// <summary>The client credential: certificate when <see cref="GraphOptions.CertificatePath"/> is set, else the secret.</summary>
    public static TokenCredential Credential(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
            return new ClientCertificateCredential(options.TenantId, options.ClientId, certificate);
        }

        return new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
    }
}
