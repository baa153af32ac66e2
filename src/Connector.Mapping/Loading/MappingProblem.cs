using System.Text;

namespace Connector.Mapping.Loading;

/// <summary>
/// One thing wrong with a mapping file, located as precisely as known so an editor can jump to it
/// (<c>invoices.json:12:7: field 'amount': unknown transform 'decimals'</c>).
/// </summary>
public sealed record MappingProblem(string File, int? Line, int? Column, string? Field, string Message)
{
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
        if (Field is not null)
        {
            text.Append("field '").Append(Field).Append("': ");
        }

        return text.Append(Message).ToString();
    }
}
