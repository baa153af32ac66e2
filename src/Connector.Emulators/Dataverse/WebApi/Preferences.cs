using System.Globalization;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// The <c>Prefer</c> header: <c>return=representation</c>, <c>odata.maxpagesize=N</c>, <c>odata.track-changes</c>,
/// <c>odata.continue-on-error</c> and <c>odata.include-annotations="…"</c> (whose quoted value may hold commas).
/// </summary>
internal sealed record Preferences(bool ReturnRepresentation, int? MaxPageSize, bool TrackChanges, bool ContinueOnError, IReadOnlyList<string> Annotations)
{
    /// <summary>The most rows a page may hold, whatever the client asks.</summary>
    public const int PageSizeLimit = 5000;

    public static Preferences Parse(string? header)
    {
        bool representation = false, tracking = false, continueOnError = false;
        int? pageSize = null;
        var annotations = new List<string>();
        foreach (var item in SplitOutsideQuotes(header ?? string.Empty))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? item : item[..equals]).Trim();
            var value = equals < 0 ? string.Empty : item[(equals + 1)..].Trim().Trim('"');
            switch (name.ToLowerInvariant())
            {
                case "return":
                    representation = string.Equals(value, "representation", StringComparison.OrdinalIgnoreCase);
                    break;
                case "odata.maxpagesize":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
                    {
                        pageSize = size;
                    }

                    break;
                case "odata.track-changes":
                    tracking = true;
                    break;
                case "odata.continue-on-error":
                    continueOnError = true;
                    break;
                case "odata.include-annotations":
                    annotations.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                    break;
            }
        }

        return new(representation, pageSize, tracking, continueOnError, annotations);
    }

    /// <summary>Whether the client asked for an annotation (exact, <c>*</c>, or a <c>Namespace.*</c> wildcard; <c>-x</c> excludes).</summary>
    public bool Includes(string annotation)
    {
        var included = false;
        foreach (var pattern in Annotations)
        {
            var exclude = pattern.StartsWith('-');
            var body = exclude ? pattern[1..] : pattern;
            var matches = body == "*"
                || string.Equals(body, annotation, StringComparison.OrdinalIgnoreCase)
                || (body.EndsWith(".*", StringComparison.Ordinal) && annotation.StartsWith(body[..^1], StringComparison.OrdinalIgnoreCase));
            if (matches)
            {
                if (exclude)
                {
                    return false;
                }

                included = true;
            }
        }

        return included;
    }

    private static IEnumerable<string> SplitOutsideQuotes(string header)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] == '"')
            {
                quoted = !quoted;
            }
            else if (header[i] == ',' && !quoted)
            {
                if (i > start)
                {
                    yield return header[start..i];
                }

                start = i + 1;
            }
        }

        if (start < header.Length)
        {
            yield return header[start..];
        }
    }
}
