using System.Net;

namespace Connector.Http;

/// <summary>
/// The outermost handler of a service's HTTP client: records each call's final outcome (after the retries) in its
/// <see cref="ServiceReachability"/>. A server failure (5xx), throttling still refused after the retries (429), a refused
/// credential (401, 403) or no connection counts as a failure; any other answer proves the service is there.
/// </summary>
public sealed class ReachabilityHandler(ServiceReachability reachability, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            reachability.Failed(time.GetUtcNow(), $"{request.Method} {request.RequestUri?.AbsolutePath}: {ex.Message}");
            throw;
        }

        var status = response.StatusCode;
        if ((int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            reachability.Failed(time.GetUtcNow(), $"{request.Method} {request.RequestUri?.AbsolutePath}: {(int)status} {response.ReasonPhrase}".TrimEnd());
        }
        else
        {
            reachability.Succeeded(time.GetUtcNow());
        }

        return response;
    }
}
