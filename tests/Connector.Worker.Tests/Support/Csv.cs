using System.Text;

namespace Connector.Worker.Tests.Support;

/// <summary>A small RFC 4180 reader for the command's CSV output: sections (separated by a blank line) of rows of fields.</summary>
internal static class Csv
{
    public static List<List<string[]>> Sections(string text)
    {
        var sections = new List<List<string[]>> { new() };
        var field = new StringBuilder();
        var row = new List<string>();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                if (row.Count == 0 && field.Length == 0)
                {
                    sections.Add([]);
                }
                else
                {
                    row.Add(field.ToString());
                    sections[^1].Add([.. row]);
                }

                row.Clear();
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        return sections;
    }

    /// <summary>The rows of a section as dictionaries keyed by the header.</summary>
    public static List<Dictionary<string, string>> Records(List<string[]> section)
    {
        var header = section[0];
        return [.. section.Skip(1).Select(r => header.Select((h, i) => (h, v: r[i])).ToDictionary(p => p.h, p => p.v, StringComparer.Ordinal))];
    }
}
