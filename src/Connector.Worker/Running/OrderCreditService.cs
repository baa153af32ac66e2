using Connector.Dataverse.WebApi;
using Connector.Domain.Evaluation;
using Connector.Sync.Credit;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connector.Worker.Running;

/// <summary>
/// Layer 1 of the credit holds between syncs, in <c>connector run</c>: when the asynchronous webhook reports new or
/// changed orders, runs an order credit pass at once (a short pause first gathers a burst into one pass) from the last
/// evaluation in memory, so a sales rep sees Held within seconds rather than at the next scheduled sync. A failed pass
/// is logged; the next wake-up or the sync cycle's own pass picks the orders up from change tracking.
/// </summary>
public sealed partial class OrderCreditService(
    OrderChangeQueue queue,
    OrderCreditPass pass,
    CreditSnapshotHolder snapshots,
    IConnectorStoreFactory stores,
    EvaluationPolicies policies,
    TimeProvider time,
    ILogger<OrderCreditService> logger) : BackgroundService
{
    /// <summary>How long a burst of webhook calls is gathered before one pass reads them all from change tracking.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var changes = await queue.TakeAsync(stoppingToken);
                await Task.Delay(Gather, time, stoppingToken);
                var more = queue.TakeQueued(); // the rest of the burst: one pass reads them all from change tracking
                await PassAsync(changes.Count + more.Count, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DataverseException ex)
            {
                // Dataverse's own failure after its retries: the message says what it answered; a stack would add nothing.
                LogDataverseFailed(ex.Message);
            }
#pragma warning disable CA1031 // A failed pass must not stop the service: the next wake-up or sync cycle retries from change tracking.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(ex, ex.Message);
            }
        }
    }

    private async Task PassAsync(int changes, CancellationToken cancellationToken)
    {
        var credit = policies.Credit;
        if (snapshots.Current is not { } snapshot)
        {
            LogWaiting(changes);
            return;
        }

        var age = time.GetUtcNow() - snapshot.EvaluatedAt;
        if (age > TimeSpan.FromMinutes(credit.StaleSnapshotMinutes))
        {
            // Deciding from stale figures could hold or release wrongly; the next sync's own pass checks these orders.
            LogStale(changes, (int)age.TotalMinutes);
            return;
        }

        await using var store = await stores.OpenAsync(cancellationToken);
        var report = await pass.RunAsync(store, snapshot, cancellationToken);
        LogPass(changes, report.Read, report.Held, report.Released, report.Written, report.Notified);
    }

    [LoggerMessage(EventId = LogEventIds.OrderCreditService + 1, Level = LogLevel.Information, Message = "Order credit pass after {Changes} webhook calls: {Read} orders read, {Held} held, {Released} released, {Written} statuses written, {Notified} owners notified")]
    private partial void LogPass(int changes, int read, int held, int released, int written, int notified);

    [LoggerMessage(EventId = LogEventIds.OrderCreditService + 2, Level = LogLevel.Information, Message = "{Changes} changed orders wait for the first evaluation since start; the sync cycle checks them")]
    private partial void LogWaiting(int changes);

    [LoggerMessage(EventId = LogEventIds.OrderCreditService + 3, Level = LogLevel.Warning, Message = "{Changes} changed orders not checked now: the last evaluation is {Minutes} minutes old; the next sync cycle checks them")]
    private partial void LogStale(int changes, int minutes);

    [LoggerMessage(EventId = LogEventIds.OrderCreditService + 4, Level = LogLevel.Error, Message = "Order credit pass failed, the orders stay for the next pass: {Reason}")]
    private partial void LogFailed(Exception exception, string reason);

    [LoggerMessage(EventId = LogEventIds.OrderCreditService + 5, Level = LogLevel.Warning, Message = "Order credit pass stopped by Dataverse, the orders stay for the next pass: {Reason}")]
    private partial void LogDataverseFailed(string reason);
}
