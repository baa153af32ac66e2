using System.Globalization;

namespace Connector.Emulators.Dataverse.Batch;

/// <summary>
/// An HTTP message carried in an <c>application/http</c> part: a request (<c>PATCH accounts(…) HTTP/1.1</c>) or a
/// response (<c>HTTP/1.1 204 No Content</c>), its headers and its body.
/// </summary>
internal sealed record HttpMessageText(string StartLine, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public static HttpMessageText Parse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var lines = content.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.Trim().Length > 0);
        if (start < 0)
        {
            throw new FormatException("The application/http part is empty.");
        }

        var (headers, rest) = MultipartReader.SplitHeaders(lines, start + 1);
        return new HttpMessageText(lines[start].Trim(), headers, string.Join("\r\n", rest));
    }

    public bool IsResponse => StartLine.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request method, e.g. PATCH.</summary>
    public string Method => Words[0].ToUpperInvariant();

    /// <summary>The request target as written: absolute, <c>/api/data/v9.2/…</c>, set-relative or <c>$1</c>.</summary>
    public string Target => Words.Length > 1 ? Words[1] : throw new FormatException($"'{StartLine}' has no request target.");

    /// <summary>The response status, e.g. 204.</summary>
    public int StatusCode => Words.Length > 1 && int.TryParse(Words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
        ? status
        : throw new FormatException($"'{StartLine}' is not an HTTP status line.");

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private string[] Words => StartLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
}
