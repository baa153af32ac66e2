namespace Connector.Dataverse.Batch;

/// <summary>An HTTP request or response written as text inside an <c>application/http</c> part.</summary>
/// <param name="StartLine">e.g. <c>HTTP/1.1 204 No Content</c> or <c>POST accounts HTTP/1.1</c>.</param>
public sealed record HttpMessageText(string StartLine, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The status of a response start line; null for a request line or an unreadable one.</summary>
    public int? StatusCode
    {
        get
        {
            var fields = StartLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 2 && fields[0].StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status)
                    ? status
                    : null;
        }
    }

    /// <summary>The reason phrase of a response start line (<c>No Content</c>).</summary>
    public string ReasonPhrase
    {
        get
        {
            var fields = StartLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            return StatusCode is not null && fields.Length == 3 ? fields[2] : string.Empty;
        }
    }

    public static HttpMessageText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var first = lines.FindIndex(line => line.Trim().Length > 0);
        if (first < 0)
        {
            throw new FormatException("An application/http part is empty: no request or status line");
        }

        var (headers, bodyStart) = MultipartReader.ReadHeaders(lines, first + 1);
        return new HttpMessageText(lines[first].Trim(), headers, MultipartReader.JoinBody(lines, bodyStart));
    }
}
