namespace Connector.Domain.Ledger;

/// <summary>What an item is; a byte, so that an <see cref="Invoice"/> of a million-item ledger is 96 bytes, not 104 (decision 124).</summary>
public enum DocumentType : byte
{
    Invoice,
    CreditMemo,
}

/// <summary>Whether an item is still open; a byte, as <see cref="DocumentType"/>.</summary>
public enum ItemStatus : byte
{
    Open,
    Paid,
    WrittenOff,
}

/// <summary>An invoice or a credit memo (credit memos carry negative amounts).</summary>
public sealed record Invoice
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public DocumentType Type { get; init; } = DocumentType.Invoice;
    public DateOnly DocumentDate { get; init; }
    public DateOnly DueDate { get; init; }
    public decimal Amount { get; init; }
    public decimal OpenAmount { get; init; }
    public required string Currency { get; init; }
    public string? PoNumber { get; init; }
    public bool Disputed { get; init; }
    public ItemStatus Status { get; init; } = ItemStatus.Open;

    /// <summary>An open item: not paid or written off, with something still open.</summary>
    public bool IsOpen => Status == ItemStatus.Open && OpenAmount != 0m;

    public bool IsCreditMemo => Type == DocumentType.CreditMemo;
}
