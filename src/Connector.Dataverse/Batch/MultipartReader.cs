namespace Connector.Dataverse.Batch;

/// <summary>One MIME part: its headers (repeated names joined with ", ") and its body text.</summary>
public sealed record MultipartPart(IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.TryGetValue("Content-Type", out var value) ? value : null;
}

/// <summary>
/// A tolerant multipart/mixed reader (the BCL has none, and the samples' Microsoft.AspNet.WebApi.Client is not
/// ours to take): quoted or unquoted boundary, CRLF or bare LF, transport padding after a delimiter, a missing
/// close delimiter, repeated headers. Hand-written fixtures and servers differ on all of these.
/// </summary>
public static class MultipartReader
{
    /// <summary>The <c>boundary</c> parameter of a multipart Content-Type, unquoted; null when absent.</summary>
    public static string? Boundary(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                var value = parameter[(equals + 1)..].Trim();
                return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
            }
        }

        return null;
    }

    /// <summary>
    /// The parts of <paramref name="body"/> delimited by <paramref name="boundary"/>; when the boundary is unknown,
    /// the first line starting with <c>--</c> names it.
    /// </summary>
    public static IReadOnlyList<MultipartPart> Read(string body, string? boundary)
    {
        ArgumentNullException.ThrowIfNull(body);
        var lines = body.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        boundary ??= lines.FirstOrDefault(l => l.StartsWith("--", StringComparison.Ordinal))?.TrimEnd()[2..]
            ?? throw new FormatException("No multipart boundary: the body has no line starting with '--'");
        var delimiter = "--" + boundary;
        var close = delimiter + "--";

        var parts = new List<MultipartPart>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            var trimmed = line.TrimEnd(' ', '\t');
            if (trimmed == close || trimmed == delimiter)
            {
                if (current is not null)
                {
                    parts.Add(ToPart(current));
                }

                current = trimmed == close ? null : [];
                if (trimmed == close)
                {
                    break;
                }

                continue;
            }

            current?.Add(line);
        }

        if (current is not null)
        {
            parts.Add(ToPart(current)); // no close delimiter: keep what arrived
        }

        return parts;
    }

    /// <summary>Header lines up to the first blank line; repeated names joined with ", " as HTTP does.</summary>
    internal static (Dictionary<string, string> Headers, int BodyStart) ReadHeaders(IReadOnlyList<string> lines, int start)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = start;
        for (; index < lines.Count && lines[index].Length > 0; index++)
        {
            var colon = lines[index].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = lines[index][..colon].Trim();
            var value = lines[index][(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }

        return (headers, Math.Min(index + 1, lines.Count));
    }

    /// <summary>Lines from <paramref name="start"/> on, without trailing blank lines, joined with CRLF.</summary>
    internal static string JoinBody(IReadOnlyList<string> lines, int start)
    {
        var end = lines.Count;
        while (end > start && lines[end - 1].Trim().Length == 0)
        {
            end--;
        }

        return start >= end ? string.Empty : string.Join("\r\n", lines.Skip(start).Take(end - start));
    }

    private static MultipartPart ToPart(List<string> lines)
    {
        var (headers, bodyStart) = ReadHeaders(lines, 0);
        return new MultipartPart(headers, JoinBody(lines, bodyStart));
    }
}
