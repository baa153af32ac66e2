namespace Connector.Dataverse.WebApi;

/// <summary>
/// One Dataverse Web API operation (STYLE.md: one sealed request type per operation): it builds its HTTP request
/// relative to the API base and reads a successful answer into its result. Non-success answers never reach
/// <see cref="ReadResponseAsync"/>: <see cref="DataverseClient"/> turns them into <see cref="DataverseException"/>.
/// </summary>
public interface IDataverseRequest<TResult>
{
    /// <summary>The request, without the common OData headers (the client adds them).</summary>
    HttpRequestMessage CreateHttpRequest(Uri apiBase);

    Task<TResult> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken);
}
