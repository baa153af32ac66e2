using Connector.Domain.Collections;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>What the mail step did.</summary>
public sealed record MailSendResult(int Sent, int Failed, int Quarantined, int Uncertain);

/// <summary>
/// Sends the queued dunning emails at most once: <c>sendMail</c> answers 202 with nothing to look the message up by,
/// so the attempt is marked before the call, and an attempt found marked after a restart is set aside for a person
/// (it may have gone out) instead of being sent again. A definite refusal is quarantined with Graph's reason. A sent
/// email is kept whole (recipients and content) and its proposed charges are queued for the ERP in the same transaction.
/// </summary>
public sealed class DunningSender
{
    private readonly IMailSender sender;
    private readonly IConnectorStore store;
    private readonly TimeProvider time;

    public DunningSender(IMailSender sender, IConnectorStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        this.sender = sender;
        this.store = store;
        this.time = time;
    }

    public const string UncertainReason =
        "may have been sent already (the connector stopped before Graph's answer was recorded): check the sender's Sent Items, then `connector collections retry`";

    public async Task<MailSendResult> RunAsync(CancellationToken cancellationToken)
    {
        int sent = 0, failed = 0, quarantined = 0, uncertain = 0;
        var tried = new HashSet<long>();
        while (true)
        {
            var pending = (await store.ReadPendingAsync(MailIntent.Target, 500, cancellationToken).ConfigureAwait(false))
                .Where(e => tried.Add(e.Id))
                .ToList();
            if (pending.Count == 0)
            {
                break;
            }

            foreach (var entry in pending)
            {
                if (entry.Attempts > 0 && string.Equals(entry.LastError, MailIntent.InFlightMarker, StringComparison.Ordinal))
                {
                    await store.QuarantineAsync(entry.Id, UncertainReason, cancellationToken).ConfigureAwait(false);
                    uncertain++;
                    continue;
                }

                var intent = MailIntent.Parse(entry.Item.Payload);
                await store.MarkFailedAsync(entry.Id, MailIntent.InFlightMarker, cancellationToken).ConfigureAwait(false);
                try
                {
                    await sender.SendAsync(intent.Mail, cancellationToken).ConfigureAwait(false);
                }
                catch (TaskBoardException e) when (e.Status is null)
                {
                    // No answer: Graph may have accepted it. Never sent twice automatically.
                    await store.QuarantineAsync(entry.Id, $"{UncertainReason} ({e.Message})", cancellationToken).ConfigureAwait(false);
                    uncertain++;
                    continue;
                }
                catch (TaskBoardException e) when (e.Refused)
                {
                    await store.QuarantineAsync(entry.Id, e.Message, cancellationToken).ConfigureAwait(false);
                    quarantined++;
                    continue;
                }
                catch (TaskBoardException e)
                {
                    // Graph answered with a failure (throttled past the retries, a server error): not sent, so it may go next run.
                    await store.MarkFailedAsync(entry.Id, e.Message, cancellationToken).ConfigureAwait(false);
                    failed++;
                    continue;
                }

                await store.RecordMailSentAsync(entry.Id, intent.Attempt(), intent.Sent(time.GetUtcNow()), intent.ChargeRows(), cancellationToken).ConfigureAwait(false);
                sent++;
            }
        }

        return new MailSendResult(sent, failed, quarantined, uncertain);
    }
}
