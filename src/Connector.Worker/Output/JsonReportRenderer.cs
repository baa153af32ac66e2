using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Worker.Output;

/// <summary>Indented JSON with snake_case names: the report's typed document, or its sections generically.</summary>
internal static class JsonReportRenderer
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,

        // Output for programs and people, never embedded in HTML: keep "+", "–", "€" and accents as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Write(Report report, TextWriter output)
    {
        var document = report.Json ?? Generic(report);
        output.Write(JsonSerializer.Serialize(document, document.GetType(), Options));
        output.Write('\n');
    }

    private static GenericReport Generic(Report report) => new(
        report.Title,
        [.. report.Sections.Select(static s => new GenericSection(s.Title, [.. s.Rows.Select(r => Row(s, r))]))],
        report.Notes);

    private static Dictionary<string, object?> Row(ReportSection section, ReportRow row)
    {
        var values = new Dictionary<string, object?>(section.Columns.Count, StringComparer.Ordinal);
        for (var c = 0; c < section.Columns.Count && c < row.Cells.Count; c++)
        {
            if (!section.Columns[c].TableOnly)
            {
                values[section.Columns[c].Key] = row.Cells[c].ToJsonValue();
            }
        }

        return values;
    }

    private sealed record GenericReport(string Title, IReadOnlyList<GenericSection> Sections, IReadOnlyList<string> Notes);

    private sealed record GenericSection(string? Title, IReadOnlyList<Dictionary<string, object?>> Rows);
}
