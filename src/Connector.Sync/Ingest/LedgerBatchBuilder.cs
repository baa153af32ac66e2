using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Sync.Ingest;

/// <summary>
/// Decides what each mapped record costs the ledger — new, changed or unchanged (by row hash) — and collects
/// one transaction's worth of upserts and dead letters. Counts go straight into the entity's result.
/// </summary>
internal sealed class LedgerBatchBuilder
{
    private readonly CanonicalEntity _entity;
    private readonly Dictionary<string, UInt128> _hashes;
    private readonly EntityIngestResult _result;
    private List<LedgerUpsert> _upserts = [];
    private List<LedgerUpsert> _spare = [];
    private List<DeadLetterDraft> _deadLetters = [];
    private List<long> _resolved = [];
    private List<DeadLetterRetryFailure> _retryFailures = [];

    public LedgerBatchBuilder(CanonicalEntity entity, Dictionary<string, UInt128> hashes, EntityIngestResult result)
    {
        _entity = entity;
        _hashes = hashes;
        _result = result;
    }

    /// <summary>Rows handled since the last <see cref="Take"/>.</summary>
    public int Pending { get; private set; }

    /// <summary>Counts the record as new, changed or unchanged and queues a write only when it is new or changed.</summary>
    public void Land(CanonicalRecord record)
    {
        Pending++;
        var hash = RowHash.Of(record.Values);
        if (_hashes.TryGetValue(record.Key, out var stored))
        {
            if (stored == hash)
            {
                _result.Unchanged++;
                return;
            }

            _result.Changed++;
        }
        else
        {
            _result.New++;
        }

        _hashes[record.Key] = hash;
        _upserts.Add(new(record, hash));
    }

    public void Quarantine(DeadLetterDraft letter)
    {
        Pending++;
        _result.Quarantined++;
        _deadLetters.Add(letter);
    }

    /// <summary>A letter about a whole unit (an empty file): kept, but no row is counted.</summary>
    public void QuarantineUnit(DeadLetterDraft letter) => _deadLetters.Add(letter);

    public void Filter()
    {
        Pending++;
        _result.Filtered++;
    }

    /// <summary>A letter that a retry mapped (landed or filtered): marked resolved in the same transaction.</summary>
    public void Resolve(long deadLetterId) => _resolved.Add(deadLetterId);

    /// <summary>A letter that failed again: stays open with the new reason.</summary>
    public void RetryFailed(DeadLetterRetryFailure failure)
    {
        Pending++;
        _result.Quarantined++;
        _retryFailures.Add(failure);
    }

    /// <summary>
    /// Hands over everything collected as one batch and starts a new one. The upsert list is recycled two batches
    /// later (a batch of 20,000 upserts is a large-object allocation, and a fresh one per batch set off a full
    /// collection every few batches), so commit each batch before taking the one after the next.
    /// </summary>
    public LedgerBatch Take(Checkpoint? checkpoint, string? source)
    {
        var batch = new LedgerBatch(_entity)
        {
            Source = source,
            Upserts = _upserts,
            DeadLetters = _deadLetters,
            ResolvedDeadLetters = _resolved,
            RetryFailures = _retryFailures,
            Checkpoint = checkpoint,
        };
        (_upserts, _spare) = (_spare, _upserts);
        _upserts.Clear();
        _deadLetters = [];
        _resolved = [];
        _retryFailures = [];
        Pending = 0;
        return batch;
    }
}
