using System.Globalization;
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
    private readonly LedgerKeys keys;
    private readonly int unitNumber;
    private readonly HashSet<string> quarantinedHere = new(StringComparer.Ordinal);
    private readonly bool isFile;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> openLetterKeys;
    private bool compareSources;
    private int sourceTries;
    private int sourceFound;
    private RowFingerprint? fingerprint;
    private string?[]? recordStrings;

    /// <summary>After this many rows not found by their source hash, a unit that found fewer than a 16th as many stops looking (decision 139).</summary>
    internal const int SourceTriesJudged = 16_384;

    public UnitRows(ISourceUnit unit, IReadOnlyList<string> header, EntityContext context)
    {
        this.unit = unit;
        this.header = header;
        this.context = context;
        isFile = unit.IsFile;
        keys = context.Keys;
        unitNumber = keys.NewUnit();
        openLetterKeys = context.OpenLetterKeys.GetAlternateLookup<ReadOnlySpan<char>>();

        // With no stored source hash (a first ingest, a ledger stored before migration 0020) no row can be found by one: each is
        // mapped at once, without mapping its key first.
        compareSources = context.CompareSources && keys.SourceHashCount > 0;
    }

    private CanonicalEntitySchema Schema => context.Mapping.Schema;

    public void Accept(SourceRow row, BindResult bind)
    {
        var batch = context.Batch;
        if (row.Problem is { } problem)
        {
            // The row could not be split reliably: keep its text, not misaligned values a retry would map.
            batch.Quarantine(Letter(row, key: null, field: null, problem, keepValues: false));
            return;
        }

        if (bind.Mapper is not { } mapper)
        {
            batch.Quarantine(Letter(row, bind.KeyReader?.TryKey(row.Values), bind.ProblemColumn, bind.Problem ?? "the mapping could not be applied"));
            return;
        }

        if (row.Spans is not { } spans || !mapper.CanHashSource)
        {
            AcceptMapped(row, mapper, null);
            return;
        }

        var made = fingerprint ??= new RowFingerprint(mapper.Schema);
        var sourceHash = mapper.HashSource(spans, made);
        if (compareSources && mapper.TryFingerprintKey(spans, made, context.ReferenceFields) && IsUnchangedAtSource(made, row.Line))
        {
            // The same raw columns under the same mapping as the stored record's: it maps to that record, so it is not mapped (decision 139).
            sourceFound++;
            batch.UnchangedAtSource();
            return;
        }

        if (compareSources && ++sourceTries == SourceTriesJudged && sourceFound < SourceTriesJudged / 16)
        {
            // Mostly new or changed rows (a new export into a ledger of other rows): the key's mapping is only extra work for this unit.
            compareSources = false;
        }

        if (mapper.TryFingerprint(spans, made))
        {
            AcceptFingerprinted(made, row);
        }
        else
        {
            AcceptMapped(row, mapper, sourceHash);
        }
    }

    /// <summary>
    /// A row mapped and hashed from its text in place (here or ahead of this loop, <see cref="MappedAhead"/>). A row that changes
    /// nothing (a re-ingest's usual row) ends here, with no string or record made; any other becomes the record the string mapping
    /// would have made. <paramref name="row"/> is the row's text, for a letter.
    /// </summary>
    public void AcceptFingerprinted(RowFingerprint mapped, SourceRow row)
    {
        if (IsUnchanged(mapped, row.Line, out var sourceHashStale))
        {
            if (sourceHashStale)
            {
                // Unchanged, but stored before migration 0020 or under another mapping file: only the source hash is written.
                context.Batch.RefreshSourceHash(new string(mapped.Key), mapped.Hash, mapped.SourceHash);
            }

            context.Batch.Unchanged();
            return;
        }

        Land(mapped.ToRecord(recordStrings ??= new string?[Schema.Fields.Count]), mapped.Hash, row, mapped.SourceHash);
    }

    /// <summary>
    /// A clean row mapped as strings: filtered, quarantined with the mapping's reason, or landed. <paramref name="sourceHash"/>: the
    /// row's source hash when it was made (stored with the record).
    /// </summary>
    public void AcceptMapped(SourceRow row, RowMapper mapper, UInt128? sourceHash)
    {
        var batch = context.Batch;
        var values = row.Values;
        var mapped = mapper.Map(values);
        switch (mapped.Outcome)
        {
            case MapOutcome.Filtered:
                batch.Filter();
                return;
            case MapOutcome.Rejected:
                // The key is recorded whenever the key fields are readable, so the corrected row landing later resolves the letter.
                batch.Quarantine(Letter(row, mapper.TryKey(values), mapped.Field, mapped.Reason ?? "rejected by the mapping"));
                return;
        }

        Land(mapped.Record!, null, row, sourceHash);
    }

    private void Land(CanonicalRecord record, UInt128? hash, SourceRow row, UInt128? sourceHash)
    {
        var batch = context.Batch;
        // One lookup for both: whether this unit read the key before, and (below) the ledger's hash of it. Nothing
        // else touches the dictionary until the record lands, so the entry stays valid.
        ref var entry = ref keys.Claim(record.Key, unitNumber, row.Line, out var firstLine);
        if (firstLine is { } first)
        {
            var where = isFile ? "in this file (first on line " : "in this query's result (first on row ";
            batch.Quarantine(Letter(row, record.Key, KeyFieldName(), string.Create(CultureInfo.InvariantCulture, $"duplicate key '{record.Key}' {where}{first})")));
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

        batch.Land(record, ref entry, hash ?? RowHash.Of(record.Values), row.Line, sourceHash);

        context.Lookups.Landed(record);
        if (context.OpenLetterKeys.Contains(record.Key))
        {
            // A file's own letters stay (two rows of one export disagree: the admin decides); a query is read whole every
            // run under one source key, so there only a letter written in this very run stays.
            if (isFile)
            {
                batch.Supersede(new(record.Key, unit.CheckpointKey, string.Create(CultureInfo.InvariantCulture, $"{unit.Name} line {row.Line}")));
            }
            else if (!quarantinedHere.Contains(record.Key))
            {
                batch.Supersede(new(record.Key, null, unit.Name));
            }
        }
    }

    /// <summary>
    /// Whether a fingerprinted row would land as unchanged and do nothing else: its key stored with the same hash, not read
    /// before in this unit, every reference known, no open letter to supersede — exactly the rows the ordinary path would count
    /// unchanged without writing anything (a lookup index already holds the stored record). The key is then claimed.
    /// </summary>
    private bool IsUnchanged(RowFingerprint row, long line, out bool sourceHashStale)
    {
        sourceHashStale = false;
        return HoldsAndNoLetter(row) && keys.TryClaimUnchanged(row.Key, row.Hash, unitNumber, line, row.SourceHash, out sourceHashStale);
    }

    /// <summary>
    /// <see cref="IsUnchanged"/> for a row of which only the key and the fields references read are made (<see cref="RowMapper.TryFingerprintKey"/>):
    /// the key stored with the row's source hash, so the row would map to the stored record and be found unchanged (decision 139).
    /// </summary>
    private bool IsUnchangedAtSource(RowFingerprint row, long line) =>
        HoldsAndNoLetter(row) && keys.TryClaimUnchangedAtSource(row.Key, row.SourceHash, unitNumber, line);

    /// <summary>Every reference of the row holds and no open letter has its key (landing it would supersede that letter).</summary>
    private bool HoldsAndNoLetter(RowFingerprint row)
    {
        foreach (var reference in context.References)
        {
            if (!reference.Holds(row))
            {
                return false;
            }
        }

        return context.OpenLetterKeys.Count == 0 || !openLetterKeys.Contains(row.Key);
    }

    /// <summary>The letter for a unit that has no rows to give (an empty or undecodable file), naming where the unit is kept for a retry.</summary>
    public DeadLetterDraft UnitLetter(string problem, string? keptAs) =>
        new(Schema.Entity, unit.Name, unit.CheckpointKey, "file", null, null, null, problem, new RawRow(header, null, null) { File = keptAs });

    private DeadLetterDraft Letter(SourceRow row, string? key, string? field, string reason, bool keepValues = true)
    {
        if (key is not null)
        {
            // A later unit landing this key supersedes the letter.
            context.OpenLetterKeys.Add(key);
            quarantinedHere.Add(key);
        }

        // A file row is found again by its line; a query row by its key (row numbers shift between runs).
        var locator = isFile || key is null ? $"line {row.Line}" : $"key {key}";
        return new(Schema.Entity, unit.Name, unit.CheckpointKey, locator, row.Line, key, field, reason,
            new RawRow(header, keepValues ? row.Values : null, row.RawText));
    }

    private string KeyFieldName() => string.Join('+', Schema.KeyIndexes.Select(i => Schema.Fields[i].Name));
}
