using Connector.Domain.Evaluation;
using Connector.Sync.Clock;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>
/// The collections step on its own (<c>collections send</c>), in the cycle's order: read back the collectors' lists,
/// evaluate the store's ledger once, then write the tasks and send the email that is due. A dry run evaluates and
/// composes without reading back, writing or sending anything.
/// </summary>
public sealed class CollectionsSend
{
    private readonly IConnectorStoreFactory stores;
    private readonly EvaluationPolicies policies;
    private readonly CompanyClock clock;
    private readonly CollectionsChannel? channel;

    /// <param name="channel">The Outlook side; <c>null</c> when Graph is not configured (a dry run still works).</param>
    public CollectionsSend(IConnectorStoreFactory stores, EvaluationPolicies policies, CompanyClock clock, CollectionsChannel? channel = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(clock);
        this.stores = stores;
        this.policies = policies;
        this.clock = clock;
        this.channel = channel;
    }

    /// <summary>Whether Graph is configured, so the step can write.</summary>
    public bool CanWrite => channel is not null;

    /// <summary>Settings that hold part of the step back (one line each).</summary>
    public IReadOnlyList<string> Warnings => channel?.Warnings ?? [];

    /// <exception cref="InvalidOperationException">Graph is not configured (check <see cref="CanWrite"/> first).</exception>
    public async Task<CollectionsSyncReport> RunAsync(DateOnly? asOf, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var outlook = channel ?? throw new InvalidOperationException("Graph is not configured: collections cannot be written to Outlook.");
        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sync = new CollectionsSync(store, outlook.Board, outlook.Mail, clock);
        progress?.Report("reading the collectors' task lists");
        var readBack = await sync.ReadBackAsync(outlook.Options, cancellationToken).ConfigureAwait(false);
        progress?.Report("evaluating");
        var evaluation = await LedgerEvaluator.EvaluateAsync(store, policies, asOf ?? clock.Today, cancellationToken).ConfigureAwait(false);
        return await sync.WriteAsync(evaluation, readBack, outlook.Options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the step would write and send as of <paramref name="asOf"/>; <c>null</c> when there is no ledger yet.</summary>
    public async Task<CollectionsPlanResult?> DryRunAsync(CollectionsSyncOptions options, DateOnly? asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            return null;
        }

        var evaluation = await LedgerEvaluator.EvaluateAsync(store, policies, asOf ?? clock.Today, cancellationToken).ConfigureAwait(false);
        return evaluation.Ledger.Accounts.Count == 0 ? null : await CollectionsSync.PlanAsync(store, evaluation, options, clock.Now, cancellationToken).ConfigureAwait(false);
    }
}
