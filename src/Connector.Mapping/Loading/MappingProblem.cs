using System.Text;

namespace Connector.Mapping.Loading;

/// <summary>
/// One thing wrong with a mapping file, located as precisely as known so an editor can jump to it
/// (<c>invoices.json:12:7: field 'amount': unknown transform 'decimals'</c>). A problem inside a named chain, which
/// the field alone does not locate, also gives the chain's JSON path before the field that uses it
/// (<c>invoices.json:5:7: transforms.sapAmount[1]: field 'due_date': type mismatch …</c>).
/// </summary>
public sealed record MappingProblem(string File, int? Line, int? Column, string? Field, string Message)
{
    /// <summary>The JSON path of the property or list entry at fault (<c>fields.amount.transforms[1].sign</c>); <c>null</c> when not known.</summary>
    public string? Path { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (Line is { } line)
        {
            text.Append(':').Append(line);
            if (Column is { } column)
            {
                text.Append(':').Append(column);
            }
        }

        text.Append(": ");
        if (Path is { } path && path.StartsWith("transforms.", StringComparison.Ordinal))
        {
            text.Append(path).Append(": ");
        }

        if (Field is not null)
        {
            text.Append("field '").Append(Field).Append("': ");
        }

        return text.Append(Message).ToString();
    }
}
