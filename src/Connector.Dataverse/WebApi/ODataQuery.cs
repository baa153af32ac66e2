using System.Text;

namespace Connector.Dataverse.WebApi;

/// <summary>Builds query strings: system options (<c>$select</c>, <c>$filter</c> …) with their values percent-encoded.</summary>
public static class ODataQuery
{
    /// <summary><c>path?$a=x&amp;$b=y</c>, skipping options without a value.</summary>
    public static string Append(string path, params IEnumerable<(string Name, string? Value)> options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var builder = new StringBuilder(path);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in options)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }

    /// <summary>A filter comparing a column with a string: <c>accountnumber eq 'C-1'</c>.</summary>
    public static string EqualsText(string column, string value) => $"{column} eq {AlternateKey.Literal(value)}";
}
