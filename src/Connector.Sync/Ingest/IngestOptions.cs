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
    /// Whether a file's rows are read and mapped on a second thread ahead of the loop that checks, batches and commits them
    /// (decision 130). Off, everything but the commit runs on one thread (a machine with one core).
    /// </summary>
    public bool MapAhead { get; set; } = true;
}
