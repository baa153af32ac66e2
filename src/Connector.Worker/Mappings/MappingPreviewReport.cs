using System.Globalization;
using Connector.Mapping.Loading;
using Connector.Sync.Preview;
using Connector.Worker.Output;

namespace Connector.Worker.Mappings;

/// <summary>
/// A preview as people read it: one section per source row with, per canonical field, where it comes from,
/// the source value and the canonical value (changed ones marked), then the outcome — new, changed (which
/// fields), unchanged, filtered or rejected with the field and reason.
/// </summary>
internal static class MappingPreviewReport
{
    public static Report From(PreviewResult preview, EntityMapping mapping, string file)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("field", "Field"),
            ReportColumn.Text("from", "From"),
            ReportColumn.Text("source_value", "Source value"),
            ReportColumn.Text("canonical", "Canonical"),
            ReportColumn.Text("diff", "Ledger"),
        ];

        var sections = new List<ReportSection>();
        foreach (var row in preview.Rows)
        {
            var source = row.Source.ToDictionary(static p => p.Key.Trim(), static p => p.Value, StringComparer.OrdinalIgnoreCase);
            var rows = new List<ReportRow>();
            foreach (var (field, from) in mapping.FieldSources)
            {
                var index = preview.Schema.IndexOf(field);
                var sourceValue = string.Join(" + ", from.Split(" + ").Select(c => source.TryGetValue(c.Trim(), out var v) ? v : string.Empty));
                rows.Add(new ReportRow(
                [
                    Cell.Of(field),
                    Cell.Of(from),
                    Cell.Of(from.StartsWith("constant ", StringComparison.Ordinal) ? string.Empty : sourceValue),
                    Cell.Of(row.Record?.Values[index]),
                    Cell.Of(row.ChangedFields.Contains(field) ? "changed" : string.Empty),
                ]));
            }

            sections.Add(new ReportSection(string.Create(CultureInfo.InvariantCulture, $"line {row.Line}: {Outcome(row)}"), columns, rows));
        }

        var counts = preview.Rows.GroupBy(Kind).OrderBy(static g => g.Key, StringComparer.Ordinal).Select(static g => $"{g.Count()} {g.Key}");
        return new Report
        {
            Title = $"Preview of {file} as {preview.Schema.Name} ({Path.GetFileName(mapping.File)}): {string.Join(", ", counts)} — nothing written",
            Sections = sections,
            Notes = preview.UnitProblem is { } problem ? [problem] : [],
            Json = new
            {
                file,
                entity = preview.Schema.Name,
                problem = preview.UnitProblem,
                rows = preview.Rows.Select(r => new
                {
                    line = r.Line,
                    outcome = Kind(r),
                    field = r.Field,
                    reason = r.Problem,
                    changed = r.ChangedFields,
                    source = r.Source.ToDictionary(static p => p.Key, static p => p.Value),
                    canonical = r.Record is null ? null : preview.Schema.Fields.Select((f, i) => (f.Name, Value: r.Record.Values[i])).ToDictionary(static p => p.Name, static p => p.Value),
                }),
            },
        };
    }

    private static string Kind(PreviewRow row) => row.Filtered ? "filtered" : row.Record is null ? "rejected" : row.Change.ToString().ToLowerInvariant();

    private static string Outcome(PreviewRow row) => Kind(row) switch
    {
        "filtered" => "filtered out — " + row.Problem,
        "rejected" => $"would be quarantined — {(row.Field is null ? string.Empty : $"field '{row.Field}': ")}{row.Problem}",
        "changed" => "changed: " + string.Join(", ", row.ChangedFields),
        var kind => kind,
    };
}
