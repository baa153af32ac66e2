using Connector.Sync.Push;
using Connector.Worker.Output;

namespace Connector.Worker.DataverseAdmin;

/// <summary>The section <c>dataverse check --deep</c> adds: per table, pushed beside present, missing and extra keys.</summary>
internal static class DeepCheckReport
{
    /// <summary>Keys named per table in the notes; the counts are always whole.</summary>
    private const int KeysShown = 10;

    public static Report Add(Report report, IReadOnlyList<PushedRowsComparison> rows, bool noStore)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("table", "Table"),
            ReportColumn.Number("pushed", "Pushed (store)"),
            ReportColumn.Number("in_dataverse", "In Dataverse"),
            ReportColumn.Number("missing", "Missing"),
            ReportColumn.Number("extra", "Extra"),
            ReportColumn.Number("without_key", "Without key"),
        ];
        var section = new ReportSection(
            "Rows we pushed beside rows in Dataverse, by alternate key",
            columns,
            [.. rows.Select(static r => new ReportRow(
            [
                Cell.Of(r.Table), Cell.Integer(r.Pushed), Cell.Integer(r.InDataverse), Cell.Integer(r.Missing.Count), Cell.Integer(r.Extra.Count), Cell.Integer(r.WithoutKey),
            ]))]);
        var notes = new List<string>(report.Notes);
        if (noStore)
        {
            notes.Add("No store yet: nothing was pushed, so there is nothing to compare.");
        }

        foreach (var row in rows)
        {
            if (row.Missing.Count > 0)
            {
                notes.Add($"{row.Table}: {row.Missing.Count} row(s) we pushed are missing in Dataverse (deleted, or lost with a restore): {Keys(row.Missing)}. "
                    + "The next sync creates a missing account again once its open items are refused, then its open items and payments.");
            }

            if (row.Extra.Count > 0)
            {
                notes.Add($"{row.Table}: {row.Extra.Count} row(s) in Dataverse we never pushed (made in Dynamics or by another tool): {Keys(row.Extra)}.");
            }
        }

        return report with { Sections = [.. report.Sections, section], Notes = notes };
    }

    private static string Keys(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Take(KeysShown)) + (keys.Count > KeysShown ? $" and {keys.Count - KeysShown} more" : string.Empty);
}
