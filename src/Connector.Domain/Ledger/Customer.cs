namespace Connector.Domain.Ledger;

/// <summary>A customer as the ERP knows it. <see cref="Id"/> is the ERP customer number.</summary>
public sealed record Customer
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The credit currency: limits, exposure and aging of this customer are expressed in it.</summary>
    public required string Currency { get; init; }

    public int PaymentTermsDays { get; init; } = 30;

    /// <summary><c>null</c>: no limit check; <c>0</c>: no credit at all (cash in advance).</summary>
    public decimal? CreditLimit { get; init; }

    /// <summary>The parent whose limit covers the whole group, if any.</summary>
    public string? ParentId { get; init; }

    /// <summary>The risk class the ERP gives; <c>null</c> when the connector should derive it.</summary>
    public RiskClass? RiskClass { get; init; }

    /// <summary>The collector the ERP or mapping assigns; <c>null</c> lets the assignment rules decide.</summary>
    public string? CollectorId { get; init; }

    public string? Territory { get; init; }
    public string? Email { get; init; }

    /// <summary>Preferred language for dunning and collector matching (optional; not in the canonical CSV).</summary>
    public string? Language { get; init; }

    /// <summary>A person placed a hold in the ERP; only a person releases it.</summary>
    public bool ManualHold { get; init; }

    /// <summary>Every invoice of this customer must carry a PO number.</summary>
    public bool RequiresPo { get; init; }
}
