using System.Text;

namespace Connector.Dataverse.Batch;

/// <summary>A written <c>$batch</c> body and the <c>Content-Type</c> (with its boundary) to send it with.</summary>
public sealed record BatchRequestBody(string ContentType, string Boundary, string Body);

/// <summary>
/// Writes the multipart/mixed body of a <c>$batch</c> (execute-batch-operations-using-web-api): CRLF line endings
/// throughout (RFC 2046; Dataverse fails bare LF), a fresh boundary per batch and per change set, each request as
/// an <c>application/http</c> part with <c>Content-Transfer-Encoding: binary</c>, bodies as
/// <c>application/json; type=entry</c>, change set members numbered by <c>Content-ID</c>.
/// </summary>
public static class BatchRequestWriter
{
    /// <summary>Dataverse's limit on requests per batch, change set members included.</summary>
    public const int MaxOperations = 1000;

    private const string CrLf = "\r\n";

    public static BatchRequestBody Write(IReadOnlyList<BatchPart> parts, Uri apiBase)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(apiBase);
        var operations = parts.Sum(p => p.OperationCount);
        if (operations == 0)
        {
            throw new ArgumentException("A $batch needs at least one operation", nameof(parts));
        }

        if (operations > MaxOperations)
        {
            throw new ArgumentException($"A $batch holds at most {MaxOperations} operations; got {operations} (split it)", nameof(parts));
        }

        var boundary = "batch_" + Guid.NewGuid().ToString("N");
        var text = new StringBuilder();
        var contentId = 0;
        foreach (var part in parts)
        {
            text.Append("--").Append(boundary).Append(CrLf);
            switch (part)
            {
                case BatchOperation operation:
                    WriteOperation(text, operation, apiBase, contentId: null);
                    break;
                case BatchChangeSet changeSet:
                    var changeSetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
                    text.Append("Content-Type: multipart/mixed; boundary=\"").Append(changeSetBoundary).Append('"').Append(CrLf).Append(CrLf);
                    foreach (var member in changeSet.Operations)
                    {
                        text.Append("--").Append(changeSetBoundary).Append(CrLf);
                        WriteOperation(text, member, apiBase, member.ContentId ?? (++contentId).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    text.Append("--").Append(changeSetBoundary).Append("--").Append(CrLf);
                    break;
                default:
                    throw new ArgumentException($"Unknown batch part {part.GetType().Name}", nameof(parts));
            }
        }

        text.Append("--").Append(boundary).Append("--").Append(CrLf);
        return new BatchRequestBody($"multipart/mixed; boundary=\"{boundary}\"", boundary, text.ToString());
    }

    private static void WriteOperation(StringBuilder text, BatchOperation operation, Uri apiBase, string? contentId)
    {
        text.Append("Content-Type: application/http").Append(CrLf);
        text.Append("Content-Transfer-Encoding: binary").Append(CrLf);
        if (contentId is not null)
        {
            text.Append("Content-ID: ").Append(contentId).Append(CrLf);
        }

        text.Append(CrLf);
        var url = operation.Url.StartsWith('$') ? operation.Url : new Uri(apiBase, operation.Url).AbsoluteUri;
        text.Append(operation.Method.Method).Append(' ').Append(url).Append(" HTTP/1.1").Append(CrLf);
        if (operation.Body is not null)
        {
            text.Append("Content-Type: application/json; type=entry").Append(CrLf);
        }

        foreach (var (name, value) in operation.Headers ?? new Dictionary<string, string>())
        {
            text.Append(name).Append(": ").Append(value).Append(CrLf);
        }

        text.Append(CrLf);
        if (operation.Body is not null)
        {
            // The JSON goes on one line: a CR or LF inside it is escaped by any JSON writer, so the part stays CRLF-clean.
            text.Append(operation.Body.ReplaceLineEndings(" ")).Append(CrLf);
        }
    }
}
