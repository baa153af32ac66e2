using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Policies;
using Connector.Worker.Sync;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Running;

/// <summary>The four policies an evaluation needs, resolved (validated at start) together for the sync job.</summary>
public sealed class EvaluationPolicySet(
    IOptions<CompanyPolicy> company,
    IOptions<AgingPolicy> aging,
    IOptions<CreditPolicy> credit,
    IOptions<CollectionsPolicy> collections)
{
    /// <summary>The credit policy alone (the order credit passes between syncs).</summary>
    public CreditPolicy Credit => credit.Value;

    public EvaluationPolicies ToEvaluation() =>
        SyncCycle.Policies(company.Value, aging.Value, credit.Value, collections.Value);
}
