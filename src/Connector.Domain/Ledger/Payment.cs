namespace Connector.Domain.Ledger;

/// <summary>Money received. <see cref="CustomerId"/> is empty when the bank file did not say who paid.</summary>
public sealed record Payment
{
    public required string Id { get; init; }
    public string? CustomerId { get; init; }
    public DateOnly Date { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }

    /// <summary>The remittance text as the bank delivered it (messy by nature).</summary>
    public string? Reference { get; init; }

    public decimal AppliedAmount { get; init; }

    public decimal UnappliedAmount => Amount - AppliedAmount;

    /// <summary>Where the payment came from: the ERP's export, or a bank statement read by the connector.</summary>
    public PaymentSource Source { get; init; } = PaymentSource.Erp;

    /// <summary>The bank's own reference of the entry (camt <c>AcctSvcrRef</c>, BAI2 bank reference); empty for ERP payments.</summary>
    public string? BankReference { get; init; }

    /// <summary>The payer's end-to-end id (camt <c>EndToEndId</c>), when the bank delivered one.</summary>
    public string? EndToEndId { get; init; }

    /// <summary>The payer's name as the bank printed it (camt <c>Dbtr/Nm</c>).</summary>
    public string? PayerName { get; init; }

    /// <summary>The payer's account (IBAN or other id), used to learn which customer pays from which account.</summary>
    public string? PayerAccount { get; init; }
}

/// <summary>Where a <see cref="Payment"/> was read from.</summary>
public enum PaymentSource
{
    Erp = 0,
    BankStatement = 1,
}
