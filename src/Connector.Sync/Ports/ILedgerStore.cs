using Connector.Mapping.Canonical;

namespace Connector.Sync.Ports;

/// <summary>
/// The ledger of canonical records with their change-detection hashes, and the sync checkpoints. One
/// <see cref="CommitAsync"/> is one transaction, so rows, their dead letters and the checkpoint that
/// covers them land together or not at all.
/// </summary>
public interface ILedgerStore
{
    /// <summary>Key → row hash of every stored record of an entity (what change detection compares against).</summary>
    Task<Dictionary<string, UInt128>> ReadHashesAsync(CanonicalEntity entity, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ReadHashesAsync"/> handed to <paramref name="add"/> key by key, so ingest fills its own table of a million
    /// keys without a second one in between; a store may hand each key in place, without making a string of it.
    /// </summary>
    async Task ReadHashesIntoAsync(CanonicalEntity entity, LedgerKeyHash add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        foreach (var (key, hash) in await ReadHashesAsync(entity, cancellationToken).ConfigureAwait(false))
        {
            add(key, hash);
        }
    }

    /// <summary>Every stored record of an entity, in key order.</summary>
    IAsyncEnumerable<CanonicalRecord> ReadRecordsAsync(CanonicalEntity entity, CancellationToken cancellationToken);

    /// <summary>
    /// When the latest record of an entity was stored or changed (an unchanged row keeps its time); <c>null</c> when the
    /// entity has no records or the store cannot tell, and then <see cref="ReadRecordsChangedSinceAsync"/> is not offered.
    /// </summary>
    Task<DateTimeOffset?> ReadLedgerWatermarkAsync(CanonicalEntity entity, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(null);

    /// <summary>The records of an entity stored or changed at or after <paramref name="since"/>, in key order, with when.</summary>
    IAsyncEnumerable<LedgerChange> ReadRecordsChangedSinceAsync(CanonicalEntity entity, DateTimeOffset since, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store cannot tell which ledger rows changed; read them all.");

    Task<CanonicalRecord?> FindRecordAsync(CanonicalEntity entity, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Key → the unit (file name, <c>sql:invoices</c>) each record of an entity last landed from (null when not recorded):
    /// what the evidence pack names as an item's source. The ledger keeps no line number.
    /// </summary>
    Task<IReadOnlyDictionary<string, string?>> ReadSourcesAsync(CanonicalEntity entity, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    Task<long> CountRecordsAsync(CanonicalEntity entity, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a batch atomically: upserts, new dead letters, dead letters resolved by a retry, the checkpoint.
    /// The batch's lists are the caller's again once this returns (ingest reuses them): do not keep them.
    /// </summary>
    Task CommitAsync(LedgerBatch batch, CancellationToken cancellationToken);

    Task<string?> ReadCheckpointAsync(string key, CancellationToken cancellationToken);
}

/// <summary>One stored key and its record's row hash; the key's text is valid only during the call (copy what you keep).</summary>
public delegate void LedgerKeyHash(ReadOnlySpan<char> key, UInt128 hash);

/// <summary>A stored record and when it was stored or last changed.</summary>
public readonly record struct LedgerChange(CanonicalRecord Record, DateTimeOffset UpdatedAt);

/// <summary>A record to insert or update, with the hash the caller already computed.</summary>
public readonly record struct LedgerUpsert(CanonicalRecord Record, UInt128 Hash);

/// <summary>One transaction's worth of ingest output.</summary>
public sealed record LedgerBatch(CanonicalEntity Entity)
{
    public IReadOnlyList<LedgerUpsert> Upserts { get; init; } = [];

    /// <summary>
    /// The caller found none of the upserts' keys in the ledger (a first load): a store may write them straight, without
    /// asking first, as long as a key stored meanwhile (another instance) still ends as an update.
    /// </summary>
    public bool KeysNew { get; init; }

    /// <summary>Where the upserted rows came from (the unit's name: a file name or <c>sql:invoices</c>), kept with each record.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<DeadLetterDraft> DeadLetters { get; init; } = [];

    /// <summary>Dead letters whose row now landed (or was filtered) after a retry.</summary>
    public IReadOnlyList<long> ResolvedDeadLetters { get; init; } = [];

    /// <summary>Dead letters a retry tried again and that failed again, with their new reason.</summary>
    public IReadOnlyList<DeadLetterRetryFailure> RetryFailures { get; init; } = [];

    public Checkpoint? Checkpoint { get; init; }

    /// <summary>
    /// A unit whose content changed while it was read: its checkpoint and its open dead letters are withdrawn (they describe
    /// content that no longer exists); the next run reads the file whole and quarantines its bad rows again.
    /// </summary>
    public string? WithdrawnSourceKey { get; init; }

    /// <summary>Source keys whose open whole-unit letters (<c>file</c>) are resolved: the unit was read in full this time.</summary>
    public IReadOnlyList<string> ResolvedUnitLetters { get; init; } = [];

    /// <summary>Records that landed under a key open letters from other units recorded: those letters are resolved as superseded, audited.</summary>
    public IReadOnlyList<Supersession> Supersessions { get; init; } = [];
}

public sealed record Checkpoint(string Key, string Value);

/// <summary>
/// The record with <paramref name="Key"/> landed at <paramref name="By"/> (<c>OP_2.csv line 7</c>): open letters with that key are
/// resolved, each with an audit event "superseded by OP_2.csv line 7" — all but those of <paramref name="ExceptSourceKey"/>
/// (the file it landed from: two rows of one export that disagree are for the admin to settle).
/// </summary>
public sealed record Supersession(string Key, string? ExceptSourceKey, string By);
