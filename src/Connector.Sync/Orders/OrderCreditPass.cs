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

    public OrderCreditPass(IDataverse dataverse, CompanyClock clock, OrderCreditGate gate, ConnectorIdentity identity, EvaluationPolicies policies)
    {
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
    }

    /// <summary>Checks the orders changed in Dynamics, and those still held, against <paramref name="snapshot"/>.</summary>
    public Task<OrderCreditReport> RunAsync(IConnectorStore store, CreditSnapshot snapshot, CancellationToken cancellationToken) =>
        new OrderCreditSync(store, dataverse, clock, identity.DataverseUserId, gate.Semaphore).RunAsync(snapshot, policies.Credit, cancellationToken);
}
