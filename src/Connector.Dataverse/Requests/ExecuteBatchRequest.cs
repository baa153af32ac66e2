using System.Net.Http.Headers;
using System.Text;
using Connector.Dataverse.Batch;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>
/// POST <c>$batch</c>. With <paramref name="continueOnError"/> (<c>Prefer: odata.continue-on-error</c>) Dataverse
/// runs every part and reports each one's status (200). Without it, or where an environment ignores it, processing
/// stops at the first failure and Dataverse answers 400 with that failure alone (batch.http, fidelity facts item 8):
/// read here as a batch of fewer answers than parts, so the caller sees which answer it got and that the rest are
/// unknown. A change set stays atomic either way. At most <see cref="BatchRequestWriter.MaxOperations"/> operations.
/// </summary>
public sealed class ExecuteBatchRequest(IReadOnlyList<BatchPart> parts, bool continueOnError = true) : IDataverseRequest<IReadOnlyList<BatchOperationResponse>>
{
    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var written = BatchRequestWriter.Write(parts, apiBase);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(written.Body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(written.ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, "$batch")) { Content = content };
        if (continueOnError)
        {
            ODataHeaders.Prefer(request, ODataHeaders.ContinueOnError);
        }

        return request;
    }

    public bool ReadsUnsuccessfulAnswer(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (int)response.StatusCode is >= 400 and < 500
            && response.Content.Headers.ContentType?.MediaType?.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase) == true;
    }

    public async Task<IReadOnlyList<BatchOperationResponse>> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return BatchResponseReader.Read(response.Content.Headers.ContentType?.ToString(), body);
    }
}
