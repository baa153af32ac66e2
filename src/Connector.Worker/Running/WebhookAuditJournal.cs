using System.Threading.Channels;
using Connector.Store;
using Connector.Sync.Ports;
using Connector.Webhooks.Decision;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Running;

/// <summary>
/// The order webhook's audit events (an order let through or refused by policy, an override used) written to the
/// store's audit journal: the request only queues the event; this service appends them in the background, a burst in
/// one connection. Each event is also logged at once, so one the process dies holding is still in the log file.
/// </summary>
public sealed partial class WebhookAuditJournal(IOptions<StoreOptions> store, TimeProvider time, ILogger<WebhookAuditJournal> logger)
    : BackgroundService, IWebhookAudit
{
    private readonly Channel<AuditEvent> pending = Channel.CreateUnbounded<AuditEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Record(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        LogAudit(auditEvent.Actor, auditEvent.Action, auditEvent.Subject, auditEvent.After, auditEvent.Reason);
        pending.Writer.TryWrite(auditEvent);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = pending.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await AppendQueuedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is written below, without the stopping token.
            await AppendQueuedAsync(CancellationToken.None);
        }
    }

    private async Task AppendQueuedAsync(CancellationToken cancellationToken)
    {
        var batch = new List<AuditEvent>();
        while (pending.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var opened = await ConnectorStoreFactory.OpenAsync(store.Value, time, cancellationToken);
            foreach (var item in batch)
            {
                await opened.AppendAsync(item, cancellationToken);
            }
        }
#pragma warning disable CA1031 // The journal must not stop the webhook: the events are in the log already.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogNotJournalled(ex, batch.Count, ex.Message);
        }
    }

    [LoggerMessage(EventId = LogEventIds.WebhookAuditJournal + 1, Level = LogLevel.Warning, Message = "Audit {Actor} {Action} {Subject}: {Outcome} — {Reason}")]
    private partial void LogAudit(string actor, string action, string subject, string? outcome, string? reason);

    [LoggerMessage(EventId = LogEventIds.WebhookAuditJournal + 2, Level = LogLevel.Error, Message = "{Count} webhook audit events could not be written to the journal (they are in the log): {Reason}")]
    private partial void LogNotJournalled(Exception exception, int count, string reason);
}
