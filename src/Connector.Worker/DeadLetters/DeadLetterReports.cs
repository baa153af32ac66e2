using System.Globalization;
using Connector.Sync.DeadLetters;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.DeadLetters;

/// <summary>How dead letters look to an admin: where the row came from, which field, why, and its values.</summary>
internal static class DeadLetterReports
{
    /// <summary>Columns <c>id, entity, source, locator, key, field, reason, attempts, status, updated</c>.</summary>
    public static Report List(IReadOnlyList<DeadLetter> letters, DeadLetterStatus? status)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Number("id", "Id"),
            ReportColumn.Text("entity", "Entity"),
            ReportColumn.Text("source", "Source"),
            ReportColumn.Text("locator", "Where"),
            ReportColumn.Text("key", "Key"),
            ReportColumn.Text("field", "Field"),
            ReportColumn.Text("reason", "Reason"),
            ReportColumn.Number("attempts", "Tries"),
            ReportColumn.Text("status", "Status"),
            ReportColumn.Text("updated", "Updated"),
        ];
        var rows = letters.Select(static l => new ReportRow(
        [
            Cell.Integer(l.Id),
            Cell.Of(EntityOption.Name(l.Entity)),
            Cell.Of(l.Source),
            Cell.Of(l.Locator),
            Cell.Of(l.Key),
            Cell.Of(l.Field),
            Cell.Of(l.Reason),
            Cell.Integer(l.Attempts),
            Cell.Of(l.Status.ToString().ToLowerInvariant()),
            Cell.Of(Timestamp(l.UpdatedAt)),
        ])).ToList();
        var what = status is { } s ? s.ToString().ToLowerInvariant() + " " : string.Empty;
        return new Report
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"{letters.Count} {what}dead letters"),
            Sections = [new ReportSection(null, columns, rows)],
            Notes = letters.Count == 0 ? [] : ["'connector deadletters show ID' shows a row's values; fix the mapping, then 'connector deadletters retry'."],
        };
    }

    /// <summary>Columns <c>letters, entity, field, reason, where, ids, status</c>: one line per reason, however many rows share it.</summary>
    public static Report Groups(IReadOnlyList<DeadLetterGroup> groups, DeadLetterStatus? status)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Number("letters", "Letters"),
            ReportColumn.Text("entity", "Entity"),
            ReportColumn.Text("field", "Field"),
            ReportColumn.Text("reason", "Reason"),
            ReportColumn.Text("where", "Where"),
            ReportColumn.Text("ids", "Ids"),
            ReportColumn.Text("status", "Status"),
        ];
        var rows = groups.Select(static g => new ReportRow(
        [
            Cell.Integer(g.Count),
            Cell.Of(EntityOption.Name(g.Entity)),
            Cell.Of(g.Field),
            Cell.Of(g.Reason),
            Cell.Of(Where(g)),
            Cell.Of(Range(g.FirstId, g.LastId, g.Count)),
            Cell.Of(g.Status.ToString().ToLowerInvariant()),
        ])).ToList();
        var what = status is { } s ? s.ToString().ToLowerInvariant() + " " : string.Empty;
        var total = groups.Sum(static g => g.Count);
        return new Report
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"{total} {what}dead letters") + (groups.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {groups.Count} {(groups.Count == 1 ? "reason" : "reasons")}")),
            Sections = [new ReportSection(null, columns, rows)],
            Notes = groups.Count == 0
                ? []
                : ["'connector deadletters list --each' lists them one by one and 'connector deadletters show ID' shows a row's values; fix the mapping or the export, then 'connector deadletters retry'."],
        };
    }

    /// <summary>Two sections: the letter (field → value) and the row as read (column → value, or its raw text).</summary>
    public static Report Show(DeadLetter letter)
    {
        ReportColumn[] pair = [ReportColumn.Text("name", "What"), ReportColumn.Text("value", "Value")];
        ReportRow Row(string name, string? value) => new([Cell.Of(name), Cell.Of(value)]);
        var details = new List<ReportRow>
        {
            Row("id", letter.Id.ToString(CultureInfo.InvariantCulture)),
            Row("entity", EntityOption.Name(letter.Entity)),
            Row("source", letter.Source),
            Row("where", letter.Locator),
            Row("key", letter.Key),
            Row("field", letter.Field),
            Row("reason", letter.Reason),
            Row("status", letter.Status.ToString().ToLowerInvariant()),
            Row("attempts", letter.Attempts.ToString(CultureInfo.InvariantCulture)),
            Row("first quarantined", Timestamp(letter.CreatedAt)),
            Row("last updated", Timestamp(letter.UpdatedAt)),
        };

        if (letter.Raw.File is { } kept)
        {
            // A whole-file letter: where the file waits for the retry that reads it again.
            details.Add(Row("file kept as", kept));
        }

        var raw = new List<ReportRow>();
        if (letter.Raw.Values is { } values)
        {
            for (var i = 0; i < Math.Max(values.Count, letter.Raw.Header.Count); i++)
            {
                raw.Add(Row(i < letter.Raw.Header.Count ? letter.Raw.Header[i] : $"(column {i + 1})", i < values.Count ? values[i] : null));
            }
        }

        if (letter.Raw.Text is { } text)
        {
            raw.Add(Row("(raw text)", text));
        }

        return new Report
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"Dead letter {letter.Id}: {letter.Source}, {letter.Locator}"),
            Sections = [new ReportSection("Letter", pair, details), new ReportSection("Row as read", pair, raw)],
        };
    }

    /// <summary>Columns <c>entity, retried, landed, unchanged, filtered, still_failing</c>.</summary>
    public static Report Retried(RetryReport report)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("entity", "Entity"),
            ReportColumn.Number("retried", "Retried"),
            ReportColumn.Number("landed", "Landed"),
            ReportColumn.Number("unchanged", "Unchanged"),
            ReportColumn.Number("filtered", "Filtered"),
            ReportColumn.Number("still_failing", "Still failing"),
        ];
        var rows = report.Entities.Select(static e => new ReportRow(
        [
            Cell.Of(EntityOption.Name(e.Entity)),
            Cell.Integer(e.Read),
            Cell.Integer(e.Landed),
            Cell.Integer(e.Unchanged),
            Cell.Integer(e.Filtered),
            Cell.Integer(e.Quarantined),
        ])).ToList();
        return new Report
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"Retry: {report.Resolved} resolved, {report.StillFailing} still failing"),
            Sections = [new ReportSection(null, columns, rows)],
        };
    }

    /// <summary><c>OP_1.csv line 3</c>, <c>OP_1.csv lines 2–9223</c>, <c>OP_1.csv … OP_3.csv</c>: where a group's rows are.</summary>
    private static string Where(DeadLetterGroup group)
    {
        if (group.FirstSource != group.LastSource)
        {
            return $"{group.FirstSource} … {group.LastSource}";
        }

        return group.FirstLine switch
        {
            null => group.FirstSource,
            { } first when first == group.LastLine => string.Create(CultureInfo.InvariantCulture, $"{group.FirstSource} line {first}"),
            { } first => string.Create(CultureInfo.InvariantCulture, $"{group.FirstSource} lines {first}–{group.LastLine}"),
        };
    }

    private static string Range(long first, long last, long count) => count == 1 || first == last
        ? first.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{first}–{last}");

    private static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
