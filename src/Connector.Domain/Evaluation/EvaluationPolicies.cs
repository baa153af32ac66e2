using Connector.Domain.Aging;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Policies;

namespace Connector.Domain.Evaluation;

/// <summary>The policies one evaluation of the portfolio needs.</summary>
public sealed record EvaluationPolicies
{
    public CompanyPolicy Company { get; init; } = new();
    public AgingPolicy Aging { get; init; } = new();
    public CreditPolicy Credit { get; init; } = new();
    public CollectionsPolicy Collections { get; init; } = new();
}
