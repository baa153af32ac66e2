using Connector.Domain.Collections;
using Connector.Sync.Collections;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Evaluation;

/// <summary>
/// The open collection cases <c>connector run</c> keeps in memory between cycles (decision 137), for
/// <see cref="EvaluationState.ReadAsync"/>: the first read parses every stored case; each later one reads only the cases
/// written since the last read began (less <see cref="ResidentLedger.Overlap"/>, as the ledger does) and parses only those —
/// whichever instance wrote them (several instances share one store, ARCHITECTURE "Scale-out"). A store that cannot tell
/// what changed is read whole every time; nothing resident after a restart or <see cref="Reset"/> either. The list given
/// is the same object while nothing changed.
/// <para>
/// Each instance stamps <c>updated_at</c> with its own clock when its transaction starts, so a case can become visible
/// with a stamp older than the overlap (another instance's clock behind ours, a commit waiting long for a lock). The
/// watermark is therefore this instance's own read start, never a row's stamp, and the cases are read whole again at
/// least every <see cref="WholeReadEvery"/>: a case missed that way is stale for at most that long.
/// </para>
/// </summary>
public sealed class ResidentOpenCases(TimeProvider time)
{
    /// <summary>The longest a case written unseen (see the remarks) stays stale in memory.</summary>
    public static readonly TimeSpan WholeReadEvery = TimeSpan.FromHours(1);

    private readonly Dictionary<string, CollectionCase> open = new(StringComparer.Ordinal);
    private IReadOnlyList<CollectionCase>? list;
    private DateTimeOffset watermark;
    private DateTimeOffset lastWholeRead;

    /// <summary>Stored cases parsed by the last read (all of them, or the ones written since the read before).</summary>
    public int LastParsed { get; private set; }

    /// <summary>The last read read every stored case.</summary>
    public bool LastReadWhole { get; private set; }

    public void Reset()
    {
        open.Clear();
        list = null;
    }

    /// <summary>The open cases, by case id, as <see cref="ICollectionsState.ReadCasesAsync"/> gives those with a snapshot.</summary>
    public async Task<IReadOnlyList<CollectionCase>> ReadAsync(ICollectionsState store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var readStart = time.GetUtcNow();
        if (list is not null
            && readStart - lastWholeRead < WholeReadEvery
            && await store.ReadCasesChangedSinceAsync(watermark - ResidentLedger.Overlap, cancellationToken).ConfigureAwait(false) is { } changes)
        {
            var changed = false;
            foreach (var (stored, _) in changes)
            {
                if (stored.Snapshot is { } snapshot)
                {
                    open[stored.CaseId] = CaseSnapshotJson.Deserialize(snapshot);
                    changed = true;
                }
                else
                {
                    changed |= open.Remove(stored.CaseId);
                }
            }

            // Rows read again within the overlap parse to equal cases; the list keeps its identity only when none was read.
            (LastParsed, LastReadWhole, watermark) = (changes.Count, false, readStart);
            if (changed)
            {
                list = [.. open.OrderBy(static c => c.Key, StringComparer.Ordinal).Select(static c => c.Value)];
            }

            return list;
        }

        open.Clear();
        var parsed = 0;
        foreach (var stored in await store.ReadCasesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (stored.Snapshot is { } snapshot)
            {
                open[stored.CaseId] = CaseSnapshotJson.Deserialize(snapshot);
                parsed++;
            }
        }

        (LastParsed, LastReadWhole, watermark, lastWholeRead) = (parsed, true, readStart, readStart);
        list = [.. open.OrderBy(static c => c.Key, StringComparer.Ordinal).Select(static c => c.Value)];
        return list;
    }
}
