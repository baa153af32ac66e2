using Connector.Dataverse.Configuration;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Connector.Dataverse.WebApi;

/// <summary>
/// Sends typed requests (<see cref="IDataverseRequest{TResult}"/>) through the named HTTP client that
/// <c>AddDataverse</c> configures (retry, adaptive concurrency, attempt timeout, bearer token), adds the common
/// OData headers, and turns every failure into one <see cref="DataverseException"/>.
/// </summary>
public sealed class DataverseClient
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client carrying the Dataverse pipeline.</summary>
    public const string HttpClientName = "Dataverse";

    private readonly IHttpClientFactory httpClientFactory;

    public DataverseClient(IHttpClientFactory httpClientFactory, IOptions<DataverseOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        this.httpClientFactory = httpClientFactory;
        ApiBase = options.Value.ApiBaseUri;
    }

    /// <summary>Where Web API paths start, e.g. <c>https://contoso.crm4.dynamics.com/api/data/v9.2/</c>.</summary>
    public Uri ApiBase { get; }

    public Task<TResult> SendAsync<TResult>(IDataverseRequest<TResult> request, CancellationToken cancellationToken) =>
        SendAsync(request, counter: null, cancellationToken);

    /// <summary>Sends <paramref name="request"/>, counting every attempt (retries included) in <paramref name="counter"/>.</summary>
    public async Task<TResult> SendAsync<TResult>(IDataverseRequest<TResult> request, RequestCounter? counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = request.CreateHttpRequest(ApiBase);
        ODataHeaders.ApplyCommon(message);
        if (counter is not null)
        {
            message.Options.Set(RequestCounter.OptionKey, counter);
        }

        var http = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw DataverseException.Unreachable(message, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode && !request.ReadsUnsuccessfulAnswer(response))
            {
                throw await DataverseException.FromResponseAsync(response, cancellationToken);
            }

            return await request.ReadResponseAsync(response, cancellationToken);
        }
    }
}
