using System.Text;
using Connector.Dataverse.Batch;

namespace Connector.Dataverse.Tests.Support;

/// <summary>Reads a <c>$batch</c> the scripted server received and writes the answer Dataverse would give.</summary>
internal static class BatchScript
{
    /// <summary>The inner requests of a received batch, in order (lone operations only).</summary>
    public static IReadOnlyList<HttpMessageText> Operations(ScriptedRequest request) =>
        [.. MultipartReader.Read(request.Body, MultipartReader.Boundary(request.Header("Content-Type"))).Select(p => HttpMessageText.Parse(p.Body))];

    /// <summary>A batch response with one application/http part per answer.</summary>
    public static ScriptedResponse Answer(IEnumerable<(int Status, string? Body)> answers)
    {
        var boundary = "batchresponse_" + Guid.NewGuid().ToString("D");
        var text = new StringBuilder();
        foreach (var (status, body) in answers)
        {
            text.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append("HTTP/1.1 ").Append(status).Append(status < 300 ? " No Content" : " Bad Request").Append("\r\n");
            if (body is not null)
            {
                text.Append("Content-Type: application/json; odata.metadata=minimal\r\n\r\n").Append(body).Append("\r\n");
            }
            else
            {
                text.Append("OData-Version: 4.0\r\n\r\n\r\n");
            }
        }

        text.Append("--").Append(boundary).Append("--\r\n");
        return new ScriptedResponse(200, text.ToString(), $"multipart/mixed; boundary={boundary}");
    }
}
