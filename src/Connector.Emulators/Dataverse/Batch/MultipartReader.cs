namespace Connector.Emulators.Dataverse.Batch;

/// <summary>One body part of a multipart message: its headers (repeats kept, in order) and its content.</summary>
internal sealed record MultipartPart(IReadOnlyList<KeyValuePair<string, string>> Headers, string Content)
{
    /// <summary>The first value of a header, case-insensitively; null when absent.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// A tolerant reader of <c>multipart/mixed</c> ($batch requests and responses): CRLF or bare LF line endings, the
/// boundary parameter quoted or not and with or without a space after the semicolon, repeated headers, a missing blank
/// line between a change set's close and the batch's, a preamble and an epilogue. Content is handled as text, which is
/// what $batch carries (HTTP messages with JSON bodies).
/// </summary>
internal static class MultipartReader
{
    /// <summary>The boundary parameter of a multipart Content-Type, or null when it has none.</summary>
    public static string? BoundaryOf(string? contentType)
    {
        if (contentType is null || !contentType.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && string.Equals(parameter[..equals].Trim(), "boundary", StringComparison.OrdinalIgnoreCase))
            {
                var value = parameter[(equals + 1)..].Trim();
                return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
            }
        }

        return null;
    }

    /// <summary>Whether a Content-Type is multipart/mixed (a change set inside a batch).</summary>
    public static bool IsMultipart(string? contentType) =>
        contentType is not null && contentType.TrimStart().StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase);

    /// <summary>The parts between <c>--boundary</c> delimiters up to <c>--boundary--</c> (or the end of the text).</summary>
    public static IReadOnlyList<MultipartPart> Read(string body, string boundary)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        var delimiter = "--" + boundary;
        var close = delimiter + "--";
        var parts = new List<MultipartPart>();
        List<string>? current = null;
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimEnd();
            if (string.Equals(trimmed, close, StringComparison.Ordinal))
            {
                Flush();
                current = null;
                break;
            }

            if (string.Equals(trimmed, delimiter, StringComparison.Ordinal))
            {
                Flush();
                current = [];
                continue;
            }

            current?.Add(line);
        }

        Flush();
        return parts;

        void Flush()
        {
            if (current is not null)
            {
                parts.Add(ParsePart(current));
            }
        }
    }

    /// <summary>Header lines up to the first empty line, then the content (trailing empty lines belong to the delimiter).</summary>
    internal static (List<KeyValuePair<string, string>> Headers, List<string> Content) SplitHeaders(IReadOnlyList<string> lines, int start)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var i = start;
        for (; i < lines.Count && lines[i].Length > 0; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
            }
        }

        var rest = lines.Skip(i + 1).ToList();
        while (rest.Count > 0 && rest[^1].Trim().Length == 0)
        {
            rest.RemoveAt(rest.Count - 1);
        }

        return (headers, rest);
    }

    private static MultipartPart ParsePart(List<string> lines)
    {
        var (headers, rest) = SplitHeaders(lines, 0);
        return new MultipartPart(headers, string.Join("\r\n", rest));
    }
}
