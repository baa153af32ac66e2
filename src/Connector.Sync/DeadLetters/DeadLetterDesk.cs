using System.Globalization;
using Connector.Mapping.Canonical;
using Connector.Sync.Clock;
using Connector.Sync.Cycle;
using Connector.Sync.Ingest;
using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Sync.DeadLetters;

/// <summary>
/// The quarantined rows as an admin works them: listed, shown, retried with today's mappings (only those rows run
/// again) and purged — retries and purges audited with who asked and which letters.
/// </summary>
public sealed class DeadLetterDesk
{
    private readonly IConnectorStoreFactory stores;
    private readonly IMappingsSource mappings;
    private readonly CompanyClock clock;
    private readonly IErpConnection erp;
    private readonly IngestOptions options;
    private readonly ILogger<IngestRunner> logger;

    public DeadLetterDesk(IConnectorStoreFactory stores, IMappingsSource mappings, CompanyClock clock, IErpConnection erp, IngestOptions options, ILogger<IngestRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(erp);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.stores = stores;
        this.mappings = mappings;
        this.clock = clock;
        this.erp = erp;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>The open (or, with <c>null</c> status, all) letters grouped by reason: thousands of rows with one problem read as one line.</summary>
    public async Task<IReadOnlyList<DeadLetterGroup>> GroupAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        return store is null ? [] : await store.GroupDeadLettersAsync(query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        return store is null ? [] : await store.ListDeadLettersAsync(query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeadLetter?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        return store is null ? null : await store.FindDeadLetterAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="InvalidMappingsException">The mappings have problems; nothing was retried.</exception>
    public async Task<RetryReport> RetryAsync(CanonicalEntity? entity, IReadOnlyCollection<long>? ids, string by, CancellationToken cancellationToken)
    {
        var load = mappings.Load();
        if (!load.IsValid)
        {
            throw new InvalidMappingsException(mappings.Location, load.Problems);
        }

        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var report = await new DeadLetterRetrier(store, load.Mappings!, erp.OpenSource(), options, logger).RetryAsync(entity, ids, cancellationToken).ConfigureAwait(false);
        await store.AppendAsync(
            new AuditEvent(clock.Now, by, "deadletters.retry", Selector(entity, ids, null), null, $"resolved {report.Resolved}, still failing {report.StillFailing}", null),
            cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <param name="ids">These letters (any status); otherwise by <paramref name="entity"/> and <paramref name="status"/> (<c>null</c>: every status).</param>
    public async Task<int> PurgeAsync(IReadOnlyList<long>? ids, CanonicalEntity? entity, DeadLetterStatus? status, string by, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var purged = await store.PurgeDeadLettersAsync(ids, entity, status, cancellationToken).ConfigureAwait(false);
        await store.AppendAsync(
            new AuditEvent(clock.Now, by, "deadletters.purge", Selector(entity, ids, status), null, string.Create(CultureInfo.InvariantCulture, $"purged {purged}"), null),
            cancellationToken).ConfigureAwait(false);
        return purged;
    }

    /// <summary>The audit subject: which letters a retry or purge took (<c>deadletters entity=invoices status=open</c>).</summary>
    private static string Selector(CanonicalEntity? entity, IReadOnlyCollection<long>? ids, DeadLetterStatus? status)
    {
        var parts = new List<string> { "deadletters" };
        if (entity is { } e)
        {
            parts.Add("entity=" + CanonicalSchema.Of(e).Name);
        }

        if (ids is not null)
        {
            parts.Add("ids=" + string.Join(';', ids));
        }

        if (status is { } s)
        {
            parts.Add("status=" + s.ToString().ToLowerInvariant());
        }

        return string.Join(' ', parts);
    }
}
