using Connector.Sync.Clock;
using Connector.Sync.Collections;
using Connector.Sync.Ports;

namespace Connector.Sync.Failures;

/// <summary>Which outbox a person works: what Dataverse refused, or the tasks and email Graph refused or that were set aside.</summary>
public enum RefusedKind
{
    Dataverse,
    Collections,
}

/// <summary>
/// Records a service refused for their content (or set aside: an email possibly sent when the connector stopped
/// mid-call), while their neighbours went through: listed with the reason, and queued again after a fix, audited with
/// who asked. The next sync (or <c>collections send</c>) sends them.
/// </summary>
public sealed class RefusedRecords
{
    private readonly IConnectorStoreFactory stores;
    private readonly CompanyClock clock;

    public RefusedRecords(IConnectorStoreFactory stores, CompanyClock clock)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(clock);
        this.stores = stores;
        this.clock = clock;
    }

    /// <param name="table">Only this Dataverse table (<c>account</c>); ignored for <see cref="RefusedKind.Collections"/>.</param>
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(RefusedKind kind, string? table, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(store, kind, table, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues the chosen records again (all of the kind when <paramref name="ids"/> is empty); returns how many.</summary>
    public async Task<int> RetryAsync(RefusedKind kind, string? table, IReadOnlyCollection<long>? ids, string by, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var chosen = (await ReadAsync(store, kind, table, cancellationToken).ConfigureAwait(false))
            .Where(e => ids is null || ids.Count == 0 || ids.Contains(e.Id))
            .Select(static e => e.Id)
            .ToList();
        var requeued = await store.RequeueAsync(chosen, cancellationToken).ConfigureAwait(false);
        var (action, subject) = kind == RefusedKind.Dataverse
            ? ("push.retry", "outbox " + (table ?? "all tables"))
            : ("collections.retry", "outbox graph");
        await store.AppendAsync(new AuditEvent(clock.Now, by, action, subject, null, $"requeued {requeued}", null), cancellationToken).ConfigureAwait(false);
        return requeued;
    }

    private static async Task<IReadOnlyList<OutboxEntry>> ReadAsync(IConnectorStore store, RefusedKind kind, string? table, CancellationToken cancellationToken)
    {
        if (kind == RefusedKind.Dataverse)
        {
            return await store.ReadQuarantinedAsync(table is null ? null : "dataverse:" + table, int.MaxValue, cancellationToken).ConfigureAwait(false);
        }

        var entries = new List<OutboxEntry>();
        foreach (var target in new[] { TaskIntent.Target, MailIntent.Target })
        {
            entries.AddRange(await store.ReadQuarantinedAsync(target, int.MaxValue, cancellationToken).ConfigureAwait(false));
        }

        return entries;
    }
}
