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

    /// <summary>
    /// <see cref="ReadHashesIntoAsync"/> with each key's source hash (store migration 0020, decision 139: the hash of the raw
    /// columns its row was mapped from, under its mapping's identity); <c>null</c> for a row stored before, or landed without one.
    /// </summary>
    Task ReadHashesWithSourcesIntoAsync(CanonicalEntity entity, LedgerKeyHashes add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        return ReadHashesIntoAsync(entity, (key, hash) => add(key, hash, null), cancellationToken);
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
    /// Key → where the current version of each record of an entity came from: the unit's name (file name, <c>sql:invoices</c>),
    /// the import it landed in and its line (both null for rows stored before store migration 0017): what the evidence pack
    /// names as an item's source.
    /// </summary>
    Task<IReadOnlyDictionary<string, LedgerRowSource>> ReadSourcesAsync(CanonicalEntity entity, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, LedgerRowSource>>(new Dictionary<string, LedgerRowSource>());

    /// <summary>
    /// The sources of only the records named (one customer's items for its evidence pack, not the whole entity); keys not in
    /// the ledger are absent from the answer.
    /// </summary>
    async Task<IReadOnlyDictionary<string, LedgerRowSource>> ReadSourcesAsync(CanonicalEntity entity, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var all = await ReadSourcesAsync(entity, cancellationToken).ConfigureAwait(false);
        var wanted = new Dictionary<string, LedgerRowSource>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (all.TryGetValue(key, out var source))
            {
                wanted[key] = source;
            }
        }

        return wanted;
    }

    /// <summary>
    /// The import a unit's rows land in (<see cref="LedgerBatch.SourceId"/>): one per unit content and name, so a read resumed
    /// after a crash and the same file dropped again under its name are the same import. <c>null</c>: this store keeps none.
    /// </summary>
    Task<long?> RegisterLedgerSourceAsync(string name, string unitKey, bool isFile, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(null);

    /// <summary>Notes where a unit's file was archived (<c>archive/OP_1_3f2a….csv</c>) once it was completed.</summary>
    Task RecordLedgerSourceArchivedAsync(string name, string unitKey, string archivedAs, CancellationToken cancellationToken) => Task.CompletedTask;

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

/// <summary>One stored key, its record's row hash and its source hash when it has one; the key's text is valid only during the call.</summary>
public delegate void LedgerKeyHashes(ReadOnlySpan<char> key, UInt128 hash, UInt128? sourceHash);

/// <summary>A stored record and when it was stored or last changed.</summary>
public readonly record struct LedgerChange(CanonicalRecord Record, DateTimeOffset UpdatedAt);

/// <summary>
/// A record to insert or update, with the hash the caller already computed, the line of its unit it was read from (0: not known,
/// as for a dead letter's retry) and the source hash of the raw row it was mapped from (decision 139; <c>null</c>: none, as for a
/// retry or a query row), stored with it whenever the record is written.
/// </summary>
public readonly record struct LedgerUpsert(CanonicalRecord Record, UInt128 Hash, long Line = 0, UInt128? SourceHash = null);

/// <summary>A stored row whose record is unchanged, read this time from a row with another source hash: only that hash is written.</summary>
/// <summary>
/// A source hash for an unchanged record (decision 139), written only while the stored record is still the one with
/// <paramref name="RowHash"/>: an instance that committed another version of the key meanwhile keeps its own hash.
/// </summary>
public readonly record struct LedgerSourceHash(string Key, UInt128 RowHash, UInt128 SourceHash);

/// <summary>Where a ledger row's current version came from: the unit's name, and (from store migration 0017) the import and line.</summary>
public sealed record LedgerRowSource(string? Unit, LedgerImport? Import, long? Line);

/// <summary>
/// One import: a unit read into the ledger — a drop file (its name, its content's checkpoint key, where it was archived) or
/// a query — with when it was first read.
/// </summary>
public sealed record LedgerImport(long Id, string Name, string UnitKey, bool IsFile, string? ArchivedAs, DateTimeOffset FirstReadAt);

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

    /// <summary>The import the upserted rows belong to (<see cref="ILedgerStore.RegisterLedgerSourceAsync"/>); null when not recorded.</summary>
    public long? SourceId { get; init; }

    /// <summary>
    /// Unchanged records whose stored source hash is missing or differs (rows stored before store migration 0020, a mapping file
    /// changed without changing what it makes): the hash is written, nothing else about the row (not its time, file or line).
    /// </summary>
    public IReadOnlyList<LedgerSourceHash> SourceHashes { get; init; } = [];

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
