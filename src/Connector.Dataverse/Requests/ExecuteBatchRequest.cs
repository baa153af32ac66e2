using System.Net.Http.Headers;
using System.Text;
using Connector.Dataverse.Batch;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>
/// POST <c>$batch</c>. With <paramref name="continueOnError"/> (<c>Prefer: odata.continue-on-error</c>) Dataverse
/// runs every part and reports each one's status; without it, processing stops at the first failure. A change set
/// stays atomic either way. At most <see cref="BatchRequestWriter.MaxOperations"/> operations: split larger work.
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

    public async Task<IReadOnlyList<BatchOperationResponse>> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return BatchResponseReader.Read(response.Content.Headers.ContentType?.ToString(), body);
    }
}
