namespace Connector.Dataverse.WebApi;

/// <summary>
/// One Dataverse Web API operation (STYLE.md: one sealed request type per operation): it builds its HTTP request
/// relative to the API base and reads a successful answer into its result. Non-success answers never reach
/// <see cref="ReadResponseAsync"/> (unless <see cref="ReadsUnsuccessfulAnswer"/> claims them): <see cref="DataverseClient"/>
/// turns them into <see cref="DataverseException"/>.
/// </summary>
public interface IDataverseRequest<TResult>
{
    /// <summary>The request, without the common OData headers (the client adds them).</summary>
    HttpRequestMessage CreateHttpRequest(Uri apiBase);

    Task<TResult> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this non-success answer is still an answer to read rather than a failure of the whole request: a
    /// <c>$batch</c> that stopped at its first failure answers 400 with that failure as a part. False by default.
    /// </summary>
    bool ReadsUnsuccessfulAnswer(HttpResponseMessage response) => false;
}
