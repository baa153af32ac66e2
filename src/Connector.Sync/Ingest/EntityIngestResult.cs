using Connector.Mapping.Canonical;

namespace Connector.Sync.Ingest;

/// <summary>
/// What one entity's ingest did. Every row read is accounted for exactly once:
/// <c>Read = Landed + Unchanged + Quarantined + Filtered</c>, where Landed = New + Changed.
/// </summary>
public sealed record EntityIngestResult(CanonicalEntity Entity)
{
    public long Read { get; set; }

    public long New { get; set; }

    public long Changed { get; set; }

    public long Unchanged { get; set; }

    public long Quarantined { get; set; }

    public long Filtered { get; set; }

    public long Landed => New + Changed;

    /// <summary>Of <see cref="Unchanged"/>, the rows recognised by their hash from the source's text in place (no record made).</summary>
    internal long UnchangedInPlace { get; set; }

    /// <summary>Of <see cref="Unchanged"/>, the rows recognised by their source hash alone, not mapped at all (decision 139).</summary>
    public long UnchangedAtSource { get; internal set; }

    /// <summary>Files or query runs read in this run.</summary>
    public List<string> Units { get; } = [];

    /// <summary>Units skipped because they were ingested before (a file dropped twice).</summary>
    public List<string> AlreadyIngested { get; } = [];

    /// <summary>Problems with a whole unit (missing column, empty file), one line each.</summary>
    public List<string> UnitProblems { get; } = [];

    /// <summary>
    /// Units left where they are, one line each (<c>OP_1.csv: left for the next run: it grew …</c>): files still being written or
    /// written too recently, and entries that are not regular files. Nothing of them is archived.
    /// </summary>
    public List<string> Skipped { get; } = [];

    public bool Balances => Read == Landed + Unchanged + Quarantined + Filtered;
}

/// <summary>What one ingest run did, entity by entity.</summary>
public sealed record IngestReport(IReadOnlyList<EntityIngestResult> Entities)
{
    /// <summary>The bank statements read in the same step; <c>null</c> when no bank drop folder is configured.</summary>
    public Bank.BankIntakeReport? Bank { get; init; }

    public long Quarantined => Entities.Sum(static e => e.Quarantined);
}

/// <summary>Progress for long runs: rows read so far in the current unit.</summary>
public readonly record struct IngestProgress(CanonicalEntity Entity, string Unit, long RowsRead);
