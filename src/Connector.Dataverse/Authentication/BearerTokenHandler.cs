using System.Net.Http.Headers;

namespace Connector.Dataverse.Authentication;

/// <summary>Puts <c>Authorization: Bearer</c> on every attempt (inside the retry layer, so a retry after expiry gets a fresh token).</summary>
internal sealed class BearerTokenHandler(IAccessTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAccessTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
