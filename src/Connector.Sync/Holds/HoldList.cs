using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Clock;
using Connector.Sync.Evaluation;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;
using Connector.Sync.Writeback;

namespace Connector.Sync.Holds;

/// <summary>A Dynamics sales order the order credit pass holds, and the company's day it was first held.</summary>
public sealed record HeldDynamicsOrder(StoredOrderCredit Order, DateOnly HeldSince);

/// <summary>An open ERP order the credit check holds, with the decision the ERP writeback gives it.</summary>
public sealed record HeldErpOrder(Order Order, CreditDecision Decision);

/// <summary>The hold list: who is on hold now and why, the releases, and every sales order held for credit.</summary>
public sealed record HoldListView
{
    public required DateOnly Today { get; init; }

    /// <summary>When the last sync wrote the holds to Dynamics and the ERP; <c>null</c>: no sync has run yet.</summary>
    public DateTimeOffset? LastSyncAt { get; init; }

    /// <summary>The evaluation date of the last sync, which the list is as of.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The customers on hold as of the last sync's date, with every release and manual hold recorded so far.</summary>
    public IReadOnlyList<CustomerCreditSnapshot> OnHold { get; init; } = [];

    public IReadOnlyList<ManualAction> Releases { get; init; } = [];

    /// <summary>Dynamics sales orders held or rejected by the last order credit pass.</summary>
    public IReadOnlyList<HeldDynamicsOrder> DynamicsOrders { get; init; } = [];

    /// <summary>The ERP's open orders the check holds today (what the ERP writeback gives them).</summary>
    public IReadOnlyList<HeldErpOrder> ErpOrders { get; init; } = [];

    /// <summary>The ledger's customers, for names and currencies.</summary>
    public ArLedger? Ledger { get; init; }
}

/// <summary>
/// The hold list use case: the store's ledger evaluated as of the last sync's date — what Dynamics and the ERP were told —
/// with every release and manual hold recorded since (a release recorded from the CLI shows at once), the Dynamics orders
/// the order credit pass holds and the ERP's open orders the check holds. Nothing is written.
/// </summary>
public sealed class HoldList
{
    private readonly IConnectorStoreFactory stores;
    private readonly CompanyClock clock;
    private readonly EvaluationPolicies policies;

    public HoldList(IConnectorStoreFactory stores, CompanyClock clock, EvaluationPolicies policies)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(policies);
        this.stores = stores;
        this.clock = clock;
        this.policies = policies;
    }

    public async Task<HoldListView> ReadAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            return new HoldListView { Today = today };
        }

        var state = await EvaluationState.ReadAsync(store, cancellationToken).ConfigureAwait(false);
        if (state.LastSyncAsOf is not { } asOf)
        {
            return new HoldListView { Today = today };
        }

        var evaluation = LedgerEvaluator.Evaluate(await LedgerLoader.LoadAsync(store, cancellationToken).ConfigureAwait(false), state, policies, asOf);
        var erpOrders = new List<HeldErpOrder>();
        foreach (var account in evaluation.Ledger.Accounts)
        {
            foreach (var order in account.Orders)
            {
                if (order.Source == OrderSource.Erp && order.IsOpen
                    && evaluation.Check(ErpWritebackPlanner.Request(order, asOf)) is { IsAllowed: false } decision)
                {
                    erpOrders.Add(new HeldErpOrder(order, decision));
                }
            }
        }

        return new HoldListView
        {
            Today = today,
            LastSyncAt = state.LastSyncAt,
            AsOf = asOf,
            OnHold = [.. evaluation.Credit.OnHold],
            Releases = [.. evaluation.State.StoredActions.Where(static a => a.Kind == ManualActionKinds.Release)],
            DynamicsOrders = [.. (await store.ReadOrderCreditsAsync(cancellationToken).ConfigureAwait(false))
                .Where(static o => OrderCreditStatuses.IsHeld(o.Status))
                .Select(o => new HeldDynamicsOrder(o, clock.DayOf(o.HeldSince ?? o.CheckedAt)))],
            ErpOrders = erpOrders,
            Ledger = evaluation.Ledger,
        };
    }
}
