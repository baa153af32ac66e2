using System.Text;
using Connector.Emulators.Dataverse.WebApi;
using Microsoft.AspNetCore.WebUtilities;

namespace Connector.Emulators.Dataverse.Batch;

/// <summary>
/// Writes a $batch response as Dataverse does: <c>multipart/mixed; boundary=batchresponse_&lt;guid&gt;</c>, change set
/// results nested under <c>changesetresponse_&lt;guid&gt;</c>, each part an <c>application/http</c> response with its
/// Content-ID echoed, CRLF line endings throughout.
/// </summary>
internal sealed class BatchResponseWriter
{
    private const string NewLine = "\r\n";
    private readonly StringBuilder text = new();

    public BatchResponseWriter() => Boundary = $"batchresponse_{Guid.NewGuid():D}";

    public string Boundary { get; }

    public string ContentType => $"multipart/mixed; boundary={Boundary}";

    public void Single(ApiResponse response)
    {
        text.Append("--").Append(Boundary).Append(NewLine);
        Part(text, response);
    }

    public void ChangeSet(IReadOnlyList<ApiResponse> responses)
    {
        var boundary = $"changesetresponse_{Guid.NewGuid():D}";
        text.Append("--").Append(Boundary).Append(NewLine)
            .Append("Content-Type: multipart/mixed; boundary=").Append(boundary).Append(NewLine)
            .Append(NewLine);
        foreach (var response in responses)
        {
            text.Append("--").Append(boundary).Append(NewLine);
            Part(text, response);
        }

        text.Append("--").Append(boundary).Append("--").Append(NewLine);
    }

    public string Finish() => text.Append("--").Append(Boundary).Append("--").Append(NewLine).ToString();

    private static void Part(StringBuilder text, ApiResponse response)
    {
        text.Append("Content-Type: application/http").Append(NewLine)
            .Append("Content-Transfer-Encoding: binary").Append(NewLine);
        if (response.ContentId is not null)
        {
            text.Append("Content-ID: ").Append(response.ContentId).Append(NewLine);
        }

        text.Append(NewLine)
            .Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrases.GetReasonPhrase(response.Status)).Append(NewLine)
            .Append("OData-Version: 4.0").Append(NewLine);
        if (!response.IsSuccess)
        {
            // batch.http prints a request id on every failed part.
            text.Append("REQ_ID: ").Append(Guid.NewGuid().ToString("D")).Append(NewLine);
        }

        if (response.EntityId is not null)
        {
            text.Append("Location: ").Append(response.EntityId).Append(NewLine);
        }

        foreach (var (name, value) in response.Headers)
        {
            text.Append(name).Append(": ").Append(value).Append(NewLine);
        }

        if (response.Body is not null)
        {
            text.Append("Content-Type: ").Append(response.ContentType ?? ApiResponse.JsonContentType).Append(NewLine)
                .Append(NewLine)
                .Append(response.Body).Append(NewLine);
        }
        else
        {
            text.Append(NewLine);
        }
    }
}
