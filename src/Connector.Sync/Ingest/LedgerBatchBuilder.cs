using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Sync.Ingest;

/// <summary>
/// Decides what each mapped record costs the ledger — new, changed or unchanged (by row hash) — and collects
/// one transaction's worth of upserts and dead letters. Counts go straight into the entity's result.
/// </summary>
internal sealed class LedgerBatchBuilder
{
    private readonly CanonicalEntity entity;
    private readonly LedgerKeys keys;
    private readonly EntityIngestResult result;
    private List<LedgerUpsert> upserts = [];
    private List<LedgerUpsert> spare = [];
    private List<DeadLetterDraft> deadLetters = [];
    private List<long> resolved = [];
    private List<DeadLetterRetryFailure> retryFailures = [];
    private List<Supersession> supersessions = [];
    private List<LedgerSourceHash> sourceHashes = [];
    private bool anyStoredKey;

    public LedgerBatchBuilder(CanonicalEntity entity, LedgerKeys keys, EntityIngestResult result)
    {
        this.entity = entity;
        this.keys = keys;
        this.result = result;
    }

    /// <summary>Rows handled since the last <see cref="Take"/>.</summary>
    public int Pending { get; private set; }

    /// <summary>Whether the rows since the last <see cref="Take"/> left nothing to write (each was unchanged or filtered).</summary>
    public bool NothingToWrite =>
        upserts.Count == 0 && deadLetters.Count == 0 && resolved.Count == 0 && retryFailures.Count == 0 && supersessions.Count == 0
        && sourceHashes.Count == 0;

    /// <summary>Starts the next batch without taking this one, which has <see cref="NothingToWrite"/>: no transaction for it.</summary>
    public void Skip() => Pending = 0;

    /// <summary>The import the rows of the unit being read land in (<see cref="LedgerBatch.SourceId"/>); set per unit.</summary>
    public long? SourceId { get; set; }

    /// <summary>Counts the record as new, changed or unchanged and queues a write only when it is new or changed (line not known).</summary>
    public void Land(CanonicalRecord record) => Land(record, ref keys.Find(record.Key), 0);

    /// <summary><see cref="Land(CanonicalRecord)"/> for a key a unit has just claimed (<see cref="LedgerKeys.Claim"/>) on <paramref name="line"/>: no second lookup.</summary>
    public void Land(CanonicalRecord record, ref LedgerKeys.Entry entry, long line) => Land(record, ref entry, RowHash.Of(record.Values), line);

    /// <summary><see cref="Land(CanonicalRecord, ref LedgerKeys.Entry, long)"/> with the record's row hash already made.</summary>
    public void Land(CanonicalRecord record, ref LedgerKeys.Entry entry, UInt128 hash, long line) => Land(record, ref entry, hash, line, null);

    /// <summary>
    /// <see cref="Land(CanonicalRecord, ref LedgerKeys.Entry, UInt128, long)"/> for a row with a source hash (decision 139): written
    /// with the record, or alone when the record is unchanged but the stored source hash is missing or another.
    /// </summary>
    public void Land(CanonicalRecord record, ref LedgerKeys.Entry entry, UInt128 hash, long line, UInt128? sourceHash)
    {
        Pending++;
        switch (keys.Land(ref entry, hash, sourceHash, out var sourceHashStale))
        {
            case LandKind.Unchanged:
                result.Unchanged++;
                if (sourceHashStale)
                {
                    sourceHashes.Add(new(record.Key, hash, sourceHash!.Value));
                }

                return;
            case LandKind.Changed:
                result.Changed++;
                anyStoredKey = true;
                break;
            default:
                result.New++;
                break;
        }

        upserts.Add(new(record, hash, line, sourceHash));
    }

    /// <summary>A row found unchanged without a record (<see cref="LedgerKeys.TryClaimUnchanged(ReadOnlySpan{char}, UInt128, int, long)"/>): counted, nothing written.</summary>
    public void Unchanged()
    {
        Pending++;
        result.Unchanged++;
        result.UnchangedInPlace++;
    }

    /// <summary>A row found unchanged by its source hash alone, not mapped (decision 139): counted, nothing written.</summary>
    public void UnchangedAtSource()
    {
        Unchanged();
        result.UnchangedAtSource++;
    }

    /// <summary>An unchanged record whose stored source hash is missing or another: only the hash is written (decision 139).</summary>
    public void RefreshSourceHash(string key, UInt128 rowHash, UInt128 sourceHash) => sourceHashes.Add(new(key, rowHash, sourceHash));

    public void Quarantine(DeadLetterDraft letter)
    {
        Pending++;
        result.Quarantined++;
        deadLetters.Add(letter);
    }

    /// <summary>A letter about a whole unit (an empty file): kept, but no row is counted.</summary>
    public void QuarantineUnit(DeadLetterDraft letter) => deadLetters.Add(letter);

    public void Filter()
    {
        Pending++;
        result.Filtered++;
    }

    /// <summary>A record landed under a key that open letters of other units recorded: they are resolved in the same transaction.</summary>
    public void Supersede(Supersession supersession) => supersessions.Add(supersession);

    /// <summary>A letter that a retry mapped (landed or filtered): marked resolved in the same transaction.</summary>
    public void Resolve(long deadLetterId) => resolved.Add(deadLetterId);

    /// <summary>A letter that failed again: stays open with the new reason.</summary>
    public void RetryFailed(DeadLetterRetryFailure failure)
    {
        Pending++;
        result.Quarantined++;
        retryFailures.Add(failure);
    }

    /// <summary>
    /// Hands over everything collected as one batch and starts a new one. The upsert list is recycled two batches
    /// later (a batch of 20,000 upserts is a large-object allocation, and a fresh one per batch set off a full
    /// collection every few batches), so commit each batch before taking the one after the next.
    /// </summary>
    public LedgerBatch Take(Checkpoint? checkpoint, string? source)
    {
        var batch = new LedgerBatch(entity)
        {
            Source = source,
            SourceId = SourceId,
            Upserts = upserts,
            KeysNew = !anyStoredKey,
            DeadLetters = deadLetters,
            ResolvedDeadLetters = resolved,
            RetryFailures = retryFailures,
            Supersessions = supersessions,
            SourceHashes = sourceHashes,
            Checkpoint = checkpoint,
        };
        (upserts, spare) = (spare, upserts);
        upserts.Clear();
        deadLetters = [];
        resolved = [];
        retryFailures = [];
        supersessions = [];
        sourceHashes = [];
        anyStoredKey = false;
        Pending = 0;
        return batch;
    }
}
