using Connector.Domain.Policies;

namespace Connector.Sync.Ingest;

/// <summary>How ingest writes: rows per transaction (also the crash-resume granularity of a file).</summary>
[SettingsSection(SectionName)]
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Rows read per transaction; a crash repeats at most this many rows' work (never their effect).</summary>
    [SettingRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 20_000;

    /// <summary>
    /// Whether a file's rows are read and mapped on a second thread ahead of the loop that checks, batches and commits them, and
    /// the ledger's keys read meanwhile (decision 130). Off by default: on this project's shared 2-core machine it was slower in
    /// every measured pair; it is for a host with an idle core, to be measured there.
    /// </summary>
    public bool MapAhead { get; set; }

    /// <summary>
    /// Whether a row is first looked up by its source hash (the raw columns its mapping reads, under the mapping's identity) and,
    /// found stored with the same one, counted unchanged without being mapped (decision 139). On by default; off maps every row as
    /// before (the benchmark's baseline). Either way the same rows land, change and are quarantined.
    /// </summary>
    public bool CompareSourceHashes { get; set; } = true;
}
