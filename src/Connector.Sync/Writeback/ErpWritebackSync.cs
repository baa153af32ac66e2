using Connector.Domain.Ledger;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Writeback;

/// <summary>What one ERP writeback did.</summary>
/// <param name="Queued">Rows that changed since the last writeback and were queued this run.</param>
/// <param name="Written">The rows written (this run's and any left pending by an earlier failure) and where.</param>
/// <param name="Destination">Where the writeback goes, also when nothing was written.</param>
public sealed record ErpWritebackReport(int Queued, ErpWritebackWriteResult Written, int OrdersChecked, int UnknownCustomerOrders, string Destination);

/// <summary>
/// The ERP writeback step of a sync cycle, after the evaluation: each customer's hold flag and each open ERP order's
/// credit decision, planned from the evaluation, queued in the outbox when they differ from what the ERP was last
/// given, then written as one batch. Both halves resume from the store after a crash.
/// </summary>
public sealed class ErpWritebackSync
{
    private readonly IConnectorStore store;
    private readonly IErpWriteback writeback;

    public ErpWritebackSync(IConnectorStore store, IErpWriteback writeback)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writeback);
        this.store = store;
        this.writeback = writeback;
    }

    /// <param name="evaluation">This cycle's one evaluation: its holds, releases and the ERP's open orders.</param>
    /// <exception cref="ErpWritebackException">The ERP side refused the batch; the rows stay queued for the next run.</exception>
    public async Task<ErpWritebackReport> RunAsync(LedgerEvaluation evaluation, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        progress?.Report("planning the ERP writeback");
        var orders = new List<Order>();
        foreach (var account in evaluation.Ledger.Accounts)
        {
            orders.AddRange(account.Orders);
        }

        var plan = ErpWritebackPlanner.Plan(
            evaluation.Portfolio,
            orders,
            evaluation.Policies.Credit,
            evaluation.State.Actions,
            await BaselineAsync(WritebackJson.HoldTarget, cancellationToken).ConfigureAwait(false),
            await BaselineAsync(WritebackJson.OrderTarget, cancellationToken).ConfigureAwait(false));
        var queued = await store.EnqueueAsync(plan.Outbox, cancellationToken).ConfigureAwait(false);

        progress?.Report("writing back to the ERP");
        var written = await new ErpWritebackWriter(store, store, writeback).RunAsync(cancellationToken).ConfigureAwait(false);
        return new ErpWritebackReport(queued, written, plan.OrdersChecked, plan.UnknownCustomerOrders, writeback.Destination);
    }

    private async Task<PushBaseline> BaselineAsync(string target, CancellationToken cancellationToken)
    {
        var sent = await store.ReadSentHashesAsync(target, cancellationToken).ConfigureAwait(false);
        var pending = await store.ReadPendingAsync(target, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return new PushBaseline(sent, pending.Select(static p => p.Item.Key));
    }
}
