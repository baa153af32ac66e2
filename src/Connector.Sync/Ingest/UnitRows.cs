using Connector.Mapping.Canonical;
using Connector.Mapping.Rows;
using Connector.Sync.Ports;

namespace Connector.Sync.Ingest;

/// <summary>
/// The rows of one file or query run: each is mapped, checked against the rows before it (duplicate keys)
/// and against the ledger (references), then landed, filtered or quarantined with its reason.
/// </summary>
internal sealed class UnitRows
{
    private readonly ISourceUnit unit;
    private readonly IReadOnlyList<string> header;
    private readonly EntityContext context;
    private readonly Dictionary<string, long> keys = new(StringComparer.Ordinal);
    private readonly bool isFile;

    public UnitRows(ISourceUnit unit, IReadOnlyList<string> header, EntityContext context)
    {
        this.unit = unit;
        this.header = header;
        this.context = context;
        isFile = unit.IsFile;
    }

    private CanonicalEntitySchema Schema => context.Mapping.Schema;

    public void Accept(SourceRow row, RowMapper? mapper, string? missingColumn, string? bindProblem)
    {
        var batch = context.Batch;
        if (row.Problem is { } problem)
        {
            // The row could not be split reliably: keep its text, not misaligned values a retry would map.
            batch.Quarantine(Letter(row, key: null, field: null, problem, keepValues: false));
            return;
        }

        if (mapper is null)
        {
            batch.Quarantine(Letter(row, key: null, missingColumn, bindProblem ?? "the mapping could not be applied"));
            return;
        }

        var mapped = mapper.Map(row.Values);
        switch (mapped.Outcome)
        {
            case MapOutcome.Filtered:
                batch.Filter();
                return;
            case MapOutcome.Rejected:
                batch.Quarantine(Letter(row, key: null, mapped.Field, mapped.Reason ?? "rejected by the mapping"));
                return;
        }

        var record = mapped.Record!;
        if (!keys.TryAdd(record.Key, row.Line))
        {
            var where = isFile ? "in this file (first on line " : "in this query's result (first on row ";
            batch.Quarantine(Letter(row, record.Key, KeyFieldName(), $"duplicate key '{record.Key}' {where}{keys[record.Key]})"));
            return;
        }

        foreach (var reference in context.References)
        {
            if (reference.Check(record) is { } unknown)
            {
                batch.Quarantine(Letter(row, record.Key, reference.FieldName, unknown));
                return;
            }
        }

        batch.Land(record);
        context.Lookups.Landed(record);
    }

    /// <summary>The letter for a unit that has no rows to give (an empty or undecodable file).</summary>
    public DeadLetterDraft UnitLetter(string problem) =>
        new(Schema.Entity, unit.Name, unit.CheckpointKey, "file", null, null, null, problem, new RawRow(header, null, null));

    private DeadLetterDraft Letter(SourceRow row, string? key, string? field, string reason, bool keepValues = true)
    {
        // A file row is found again by its line; a query row by its key (row numbers shift between runs).
        var locator = isFile || key is null ? $"line {row.Line}" : $"key {key}";
        return new(Schema.Entity, unit.Name, unit.CheckpointKey, locator, row.Line, key, field, reason,
            new RawRow(header, keepValues ? row.Values : null, row.RawText));
    }

    private string KeyFieldName() => string.Join('+', Schema.KeyIndexes.Select(i => Schema.Fields[i].Name));
}
