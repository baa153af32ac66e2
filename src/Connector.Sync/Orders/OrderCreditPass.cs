using Connector.Domain.Evaluation;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Ports;

namespace Connector.Sync.Orders;

/// <summary>
/// An order credit pass as every caller runs it — the sync cycle, the webhook-woken passes of <c>connector run</c> and the
/// demo: the same connector identity, the same process-wide gate (passes never overlap), the same credit policy.
/// </summary>
public sealed class OrderCreditPass
{
    private readonly IDataverse dataverse;
    private readonly CompanyClock clock;
    private readonly OrderCreditGate gate;
    private readonly ConnectorIdentity identity;
    private readonly EvaluationPolicies policies;
    private readonly CreditSnapshotSharing sharing;

    public OrderCreditPass(IDataverse dataverse, CompanyClock clock, OrderCreditGate gate, ConnectorIdentity identity, EvaluationPolicies policies, CreditSnapshotSharing sharing)
    {
        ArgumentNullException.ThrowIfNull(sharing);
        ArgumentNullException.ThrowIfNull(dataverse);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(policies);
        this.dataverse = dataverse;
        this.clock = clock;
        this.gate = gate;
        this.identity = identity;
        this.policies = policies;
        this.sharing = sharing;
    }

    /// <summary>Checks the orders changed in Dynamics, and those still held, against <paramref name="snapshot"/>.</summary>
    /// <remarks>
    /// A pass that released orders (a person set Released in Dynamics) publishes the actions in force, so every instance's
    /// order webhook honours the release now rather than after the next evaluation.
    /// </remarks>
    public async Task<OrderCreditReport> RunAsync(IConnectorStore store, CreditSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var report = await new OrderCreditSync(store, dataverse, clock, identity.DataverseUserId, gate.Semaphore).RunAsync(snapshot, policies.Credit, cancellationToken).ConfigureAwait(false);
        if (report.Released > 0)
        {
            await sharing.PublishActionsAsync(store, cancellationToken).ConfigureAwait(false);
        }

        return report;
    }
}
