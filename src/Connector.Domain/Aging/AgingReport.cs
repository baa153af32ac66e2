namespace Connector.Domain.Aging;

/// <summary>
/// The aging of every customer on one date plus the company total; also the snapshot stored per
/// date for trends and DSO.
/// </summary>
public sealed record AgingReport
{
    public required DateOnly AsOf { get; init; }
    public required AgingBuckets Buckets { get; init; }
    public required AgingBasis Basis { get; init; }
    public required IReadOnlyList<AgingLine> Lines { get; init; }

    /// <summary>Sum of every evaluable line, converted to the company currency; customer id <c>TOTAL</c>.</summary>
    public required AgingLine Total { get; init; }

    /// <summary>Customers left out of <see cref="Total"/> because a rate was missing, with the reason.</summary>
    public IReadOnlyList<AgingLine> NotEvaluable => [.. Lines.Where(static l => !l.IsEvaluable)];
}
