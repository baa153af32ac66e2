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
/// <remarks>
/// A ledger holds a million of these for the life of `connector run`, so the record is laid out to be small (decision
/// 135): the two amounts are kept as <see cref="PackedAmount"/>s (80 bytes a record instead of 96), an amount too wide for
/// that shares one field with the PO number. Equality and the hash are those of the properties, as before: amounts compare
/// as decimals (1.0 equals 1.00), strings ordinally. A property added here must be added to <see cref="Equals(Invoice?)"/>
/// and <see cref="GetHashCode"/>.
/// </remarks>
public sealed record Invoice
{
    // Either the PO number, or (rarely) a WideAmounts holding an amount that does not pack, with the PO number.
    private object? poNumberOrWide;
    private ulong amountMagnitude;
    private ulong openMagnitude;
    private byte amountSignAndScale;
    private byte openSignAndScale;

    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public DocumentType Type { get; init; } = DocumentType.Invoice;
    public DateOnly DocumentDate { get; init; }
    public DateOnly DueDate { get; init; }

    public decimal Amount
    {
        get => amountSignAndScale == PackedAmount.Wide ? ((WideAmounts)poNumberOrWide!).Amount : PackedAmount.Unpack(amountMagnitude, amountSignAndScale);
        init
        {
            if (!PackedAmount.TryPack(value, out amountMagnitude, out amountSignAndScale))
            {
                poNumberOrWide = WideOrNew() with { Amount = value };
            }
        }
    }

    public decimal OpenAmount
    {
        get => openSignAndScale == PackedAmount.Wide ? ((WideAmounts)poNumberOrWide!).OpenAmount : PackedAmount.Unpack(openMagnitude, openSignAndScale);
        init
        {
            if (!PackedAmount.TryPack(value, out openMagnitude, out openSignAndScale))
            {
                poNumberOrWide = WideOrNew() with { OpenAmount = value };
            }
        }
    }

    public required string Currency { get; init; }

    public string? PoNumber
    {
        get => poNumberOrWide is WideAmounts wide ? wide.PoNumber : (string?)poNumberOrWide;
        init => poNumberOrWide = poNumberOrWide is WideAmounts wide ? wide with { PoNumber = value } : value;
    }

    public bool Disputed { get; init; }
    public ItemStatus Status { get; init; } = ItemStatus.Open;

    /// <summary>An open item: not paid or written off, with something still open.</summary>
    public bool IsOpen => Status == ItemStatus.Open && OpenAmount != 0m;

    public bool IsCreditMemo => Type == DocumentType.CreditMemo;

    /// <summary>The open amount's packed form, for sums kept in integers (<c>false</c>: too wide, read <see cref="OpenAmount"/>).</summary>
    internal bool TryPackedOpen(out ulong magnitude, out byte signAndScale)
    {
        magnitude = openMagnitude;
        signAndScale = openSignAndScale;
        return signAndScale != PackedAmount.Wide;
    }

    public bool Equals(Invoice? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && string.Equals(Id, other.Id, StringComparison.Ordinal)
            && string.Equals(CustomerId, other.CustomerId, StringComparison.Ordinal)
            && Type == other.Type
            && DocumentDate == other.DocumentDate
            && DueDate == other.DueDate
            && Amount == other.Amount
            && OpenAmount == other.OpenAmount
            && string.Equals(Currency, other.Currency, StringComparison.Ordinal)
            && string.Equals(PoNumber, other.PoNumber, StringComparison.Ordinal)
            && Disputed == other.Disputed
            && Status == other.Status);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Id);
        hash.Add(CustomerId);
        hash.Add(Type);
        hash.Add(DocumentDate);
        hash.Add(DueDate);
        hash.Add(Amount);
        hash.Add(OpenAmount);
        hash.Add(Currency);
        hash.Add(PoNumber);
        hash.Add(Disputed);
        hash.Add(Status);
        return hash.ToHashCode();
    }

    private WideAmounts WideOrNew() => poNumberOrWide as WideAmounts ?? new WideAmounts(0m, 0m, (string?)poNumberOrWide);

    /// <summary>Both amounts whole, for the invoice whose amount or open amount does not pack (read only for the wide one).</summary>
    private sealed record WideAmounts(decimal Amount, decimal OpenAmount, string? PoNumber);
}
