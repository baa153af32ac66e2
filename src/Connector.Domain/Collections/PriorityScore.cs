namespace Connector.Domain.Collections;

/// <summary>
/// <c>Score = overdue amount × age weight × risk factor + broken-promise boost</c>, with each factor
/// and the importance its thresholds give, so a task can say why this case comes first.
/// </summary>
public sealed record PriorityScore(decimal Score, Importance Importance, IReadOnlyList<PriorityFactor> Factors)
{
    public static PriorityScore None { get; } = new(0m, Importance.Low, []);
}
