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
    private readonly ISourceUnit _unit;
    private readonly IReadOnlyList<string> _header;
    private readonly EntityContext _context;
    private readonly Dictionary<string, long> _keys = new(StringComparer.Ordinal);
    private readonly bool _isFile;

    public UnitRows(ISourceUnit unit, IReadOnlyList<string> header, EntityContext context)
    {
        _unit = unit;
        _header = header;
        _context = context;
        _isFile = unit.IsFile;
    }

    private CanonicalEntitySchema Schema => _context.Mapping.Schema;

    public void Accept(SourceRow row, RowMapper? mapper, string? missingColumn, string? bindProblem)
    {
        var batch = _context.Batch;
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
        if (!_keys.TryAdd(record.Key, row.Line))
        {
            var where = _isFile ? "in this file (first on line " : "in this query's result (first on row ";
            batch.Quarantine(Letter(row, record.Key, KeyFieldName(), $"duplicate key '{record.Key}' {where}{_keys[record.Key]})"));
            return;
        }

        foreach (var reference in _context.References)
        {
            if (reference.Check(record) is { } unknown)
            {
                batch.Quarantine(Letter(row, record.Key, reference.FieldName, unknown));
                return;
            }
        }

        batch.Land(record);
        _context.Lookups.Landed(record);
    }

    /// <summary>The letter for a unit that has no rows to give (an empty or undecodable file).</summary>
    public DeadLetterDraft UnitLetter(string problem) =>
        new(Schema.Entity, _unit.Name, _unit.CheckpointKey, "file", null, null, null, problem, new RawRow(_header, null, null));

    private DeadLetterDraft Letter(SourceRow row, string? key, string? field, string reason, bool keepValues = true)
    {
        // A file row is found again by its line; a query row by its key (row numbers shift between runs).
        var locator = _isFile || key is null ? $"line {row.Line}" : $"key {key}";
        return new(Schema.Entity, _unit.Name, _unit.CheckpointKey, locator, row.Line, key, field, reason,
            new RawRow(_header, keepValues ? row.Values : null, row.RawText));
    }

    private string KeyFieldName() => string.Join('+', Schema.KeyIndexes.Select(i => Schema.Fields[i].Name));
}
