namespace Connector.Sync.Ingest;

/// <summary>How ingest writes: rows per transaction (also the crash-resume granularity of a file).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Rows read per transaction; a crash repeats at most this many rows' work (never their effect).</summary>
    public int BatchSize { get; set; } = 20_000;

    public IReadOnlyList<string> Validate() =>
        BatchSize is < 1 or > 1_000_000
            ? [$"{SectionName}:{nameof(BatchSize)} must be between 1 and 1000000 (was {BatchSize})."]
            : [];
}
