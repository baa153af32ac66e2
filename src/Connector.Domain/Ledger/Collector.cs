namespace Connector.Domain.Ledger;

/// <summary>A person who works collection cases.</summary>
public sealed record Collector
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Email { get; init; }
    public IReadOnlyList<string> Territories { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
}
