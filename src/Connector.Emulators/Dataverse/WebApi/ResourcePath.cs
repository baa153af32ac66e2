using System.Text.RegularExpressions;
using Connector.Emulators.Dataverse.Query;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>One segment of a resource path: a name and, when it addresses one entity, the text inside its parentheses.</summary>
internal sealed record PathSegment(string Name, string? KeyText);

/// <summary>
/// Splits Web API paths (<c>accounts(accountnumber='A/1')/Microsoft.Dynamics.CRM.UpsertMultiple</c>) into segments,
/// respecting quotes, and turns entity URLs in any of the forms clients use (absolute, <c>/api/data/v9.2/…</c>,
/// <c>/accounts(…)</c>, <c>accounts(…)</c>) into a set name and a key.
/// </summary>
internal static partial class ResourcePath
{
    public static IReadOnlyList<PathSegment> Parse(string path)
    {
        var segments = new List<PathSegment>();
        var start = 0;
        var depth = 0;
        var quoted = false;
        for (var i = 0; i <= path.Length; i++)
        {
            var c = i < path.Length ? path[i] : '/';
            if (c == '\'' && depth > 0)
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == '/')
            {
                if (i > start)
                {
                    segments.Add(Segment(path[start..i]));
                }

                start = i + 1;
            }
        }

        return segments;
    }

    /// <summary>The path of an entity URL relative to the service root, whatever form the client wrote it in.</summary>
    public static string RelativeToServiceRoot(string url)
    {
        var path = url;
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            path = Uri.UnescapeDataString(absolute.AbsolutePath);
        }

        if (VersionPrefix().Match(path) is { Success: true } prefix)
        {
            return path[prefix.Length..];
        }

        return path.TrimStart('/');
    }

    /// <summary>The table and key an entity URL names; 400 when it names no single entity of a known table.</summary>
    public static (TableState Table, KeySegment Key) EntityReference(DataverseEnvironment environment, string url)
    {
        var segments = Parse(RelativeToServiceRoot(url));
        if (segments.Count != 1 || segments[0].KeyText is null)
        {
            throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"'{url}' is not the URL of a single record.");
        }

        var table = environment.TableBySet(segments[0].Name)
            ?? throw new DataverseFaultException(404, ErrorCodes.ODataRequest, $"Resource not found for the segment '{segments[0].Name}'.");
        return (table, KeySegment.Parse(segments[0].KeyText!));
    }

    private static PathSegment Segment(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !text.EndsWith(')'))
        {
            return new PathSegment(text, null);
        }

        return new PathSegment(text[..open], text[(open + 1)..^1]);
    }

    [GeneratedRegex("^/?api/data/v9\\.[0-9]+/", RegexOptions.IgnoreCase)]
    private static partial Regex VersionPrefix();
}

/// <summary>The inside of <c>accounts(…)</c>: a bare id, or <c>name=literal</c> pairs (an alternate key, maybe composite).</summary>
internal sealed record KeySegment(Guid? Id, IReadOnlyList<KeyValuePair<string, ODataLiteral>> Pairs)
{
    public static KeySegment Parse(string text)
    {
        if (Guid.TryParseExact(text.Trim(), "D", out var id))
        {
            return new KeySegment(id, []);
        }

        var pairs = new List<KeyValuePair<string, ODataLiteral>>();
        foreach (var part in SplitOutsideQuotes(text))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Bad Request - Error in query syntax: '({text})' is not a valid key.");
            }

            pairs.Add(new(part[..equals].Trim(), ODataLiteral.Parse(part[(equals + 1)..].Trim())));
        }

        return new KeySegment(null, pairs);
    }

    public override string ToString() =>
        Id is { } id ? id.ToString("D") : string.Join(",", Pairs.Select(p => $"{p.Key}={p.Value.Value}"));

    private static List<string> SplitOutsideQuotes(string text)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (text[i] == ',' && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }
}
