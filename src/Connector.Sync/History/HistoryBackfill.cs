using Connector.Domain.Evaluation;
using Connector.Sync.Clock;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;

namespace Connector.Sync.History;

/// <summary>What <c>connector history backfill</c> did: the month-ends rebuilt, and those left because a day was kept already.</summary>
public sealed record HistoryBackfillResult(IReadOnlyList<DateOnly> Rebuilt, int Asked, string? Problem = null);

/// <summary>
/// <c>connector history backfill [--months N]</c>: the past month-ends rebuilt from the ledger's history (decision 116) — what a
/// first cycle does by itself for a small ledger, run on its own for a large one. Never over a day already kept.
/// </summary>
public sealed class HistoryBackfill(IConnectorStoreFactory stores, EvaluationPolicies policies, DailySnapshots history, HistoryOptions options, CompanyClock clock)
{
    public async Task<HistoryBackfillResult> RunAsync(int? months, CancellationToken cancellationToken)
    {
        var asked = months ?? options.BackfillMonths;
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            return new([], asked, "no store yet: run `connector ingest` or `connector sync --once` first");
        }

        var evaluation = await LedgerEvaluator.EvaluateAsync(store, policies, clock.Today, cancellationToken).ConfigureAwait(false);
        return new(await history.BackfillAsync(store, evaluation, asked, cancellationToken).ConfigureAwait(false), asked);
    }
}
