using System.Text.RegularExpressions;

namespace Connector.Bank.Bai2;

/// <summary>One logical BAI2 record: its type (<c>16</c>), its fields without the type and the closing slash, and the physical line it starts on.</summary>
internal sealed record Bai2Record(string Code, string[] Fields, int Line, string Text);

/// <summary>
/// Splits BAI2 text into logical records, whatever the bank's layout: one record a line ending in <c>/</c>; several on one line
/// (<c>…PPD/ 16,142,500,…</c>); a record wrapped onto the next physical line without an <c>88</c> (a line that does not start
/// with a record type continues the record before it); records without the closing slash.
/// </summary>
internal static partial class Bai2Records
{
    /// <summary>Where a record starts: a known record type and a comma, at the start of a line or after a record's closing slash.</summary>
    [GeneratedRegex(@"(?<=/)\s*(?=(?:01|02|03|16|49|88|98|99),)")]
    private static partial Regex RecordStart();

    public static List<Bai2Record> Split(TextReader text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        var records = new List<(string Text, int Line)>();
        var number = 0;
        while (text.ReadLine() is { } line)
        {
            number++;
            foreach (var piece in RecordStart().Split(line))
            {
                if (piece.Length == 0 || piece.AsSpan().IsWhiteSpace())
                {
                    continue;
                }

                if (StartsRecord(piece))
                {
                    records.Add((piece.TrimStart(), number));
                }
                else if (records.Count > 0 && !records[^1].Text.TrimEnd().EndsWith('/'))
                {
                    // Wrapped onto the next line: the record goes on.
                    records[^1] = (records[^1].Text + piece, records[^1].Line);
                }
                else
                {
                    problem = $"line {number}: '{Shorten(piece)}' is not a BAI2 record (each starts with its type: 01, 02, 03, 16, 49, 88, 98 or 99)";
                    return [];
                }
            }
        }

        return [.. records.Select(static r => ToRecord(r.Text, r.Line))];
    }

    private static bool StartsRecord(string piece)
    {
        var start = piece.TrimStart();
        return start.Length >= 3 && start[2] == ',' && start[..2] is "01" or "02" or "03" or "16" or "49" or "88" or "98" or "99";
    }

    private static Bai2Record ToRecord(string text, int line)
    {
        var body = text.TrimEnd();
        if (body.EndsWith('/'))
        {
            body = body[..^1];
        }

        var fields = body.Split(',');
        return new Bai2Record(fields[0], fields[1..], line, text.TrimEnd());
    }

    private static string Shorten(string text) => text.Length <= 40 ? text.Trim() : text[..40].Trim() + "…";
}
