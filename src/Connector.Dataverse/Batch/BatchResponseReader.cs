namespace Connector.Dataverse.Batch;

/// <summary>One answer inside a <c>$batch</c> response.</summary>
/// <param name="PartIndex">Which top-level request part it answers (the members of one change set share it).</param>
/// <param name="ContentId">The echoed <c>Content-ID</c>, when the part carries one.</param>
public sealed record BatchOperationResponse(int PartIndex, string? ContentId, int StatusCode, string ReasonPhrase, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Reads a <c>$batch</c> response into one entry per answered operation. A change set may come back nested
/// (<c>changesetresponse_…</c>, one answer per member) or, when it failed, as a single <c>application/http</c>
/// error in its place (OData 4.01 §11.7.7.5); both map to the change set's <see cref="BatchOperationResponse.PartIndex"/>.
/// </summary>
public static class BatchResponseReader
{
    public static IReadOnlyList<BatchOperationResponse> Read(string? contentType, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var responses = new List<BatchOperationResponse>();
        var parts = MultipartReader.Read(body, MultipartReader.Boundary(contentType));
        for (var index = 0; index < parts.Count; index++)
        {
            var part = parts[index];
            if (part.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
            {
                foreach (var member in MultipartReader.Read(part.Body, MultipartReader.Boundary(part.ContentType)))
                {
                    responses.Add(ToResponse(index, member));
                }
            }
            else
            {
                responses.Add(ToResponse(index, part));
            }
        }

        return responses;
    }

    private static BatchOperationResponse ToResponse(int index, MultipartPart part)
    {
        var message = HttpMessageText.Parse(part.Body);
        var status = message.StatusCode ?? throw new FormatException($"Batch response part {index + 1} has no HTTP status line (found '{message.StartLine}')");
        var contentId = part.Headers.TryGetValue("Content-ID", out var id) ? id
            : message.Headers.TryGetValue("Content-ID", out id) ? id
            : null;
        return new BatchOperationResponse(index, contentId, status, message.ReasonPhrase, message.Headers, message.Body);
    }
}
