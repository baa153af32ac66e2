namespace Connector.Sync.Statements;

/// <summary>What a statement line records.</summary>
public enum StatementLineKind
{
    Invoice,
    CreditNote,
    Payment,
}

/// <summary>
/// One movement of the period, with the running balance after it. <see cref="Amount"/> is signed as it moves the balance:
/// an invoice adds, a credit note and a payment subtract.
/// </summary>
public sealed record StatementLine(
    DateOnly Date,
    StatementLineKind Kind,
    string Reference,
    DateOnly? DueDate,
    decimal Amount,
    decimal Balance);

/// <summary>An item open as of the day the statement is made (an unapplied payment: negative), with its days past due then.</summary>
public sealed record StatementOpenItem(
    string Reference,
    StatementLineKind Kind,
    DateOnly DocumentDate,
    DateOnly DueDate,
    decimal OpenAmount,
    int DaysPastDue,
    bool Disputed);

/// <summary>One aging bucket of the open items as of the day the statement is made ("Current", "1–30", …).</summary>
public sealed record StatementAgingBucket(string Label, decimal Amount);

/// <summary>
/// A customer's statement of account for a period, in the customer's currency: the balance brought forward, every invoice,
/// credit note and payment dated in the period, the balance carried forward, and the open items, their aging and the
/// amount due as of the day it is made, with the link to pay it. Amounts are rounded to the currency's minor unit.
/// </summary>
public sealed record StatementOfAccount
{
    public required string CustomerId { get; init; }
    public required string CustomerName { get; init; }

    /// <summary>The customer's language as the ERP gives it (<c>fr-CA</c>): which <c>statement.{language}.hbs</c> the email is written from.</summary>
    public string? Language { get; init; }

    /// <summary>The billing contact's addresses as the ERP gives them (may be empty).</summary>
    public IReadOnlyList<string> BillingContacts { get; init; } = [];

    public required string Currency { get; init; }
    public required StatementPeriod Period { get; init; }

    /// <summary>The company that issues the statement.</summary>
    public required string CompanyName { get; init; }

    /// <summary>The day the statement was made.</summary>
    public required DateOnly IssuedOn { get; init; }

    /// <summary>The balance at the start of the period (everything dated before it).</summary>
    public required decimal OpeningBalance { get; init; }

    public required IReadOnlyList<StatementLine> Lines { get; init; }

    /// <summary>Invoices of the period (positive).</summary>
    public required decimal TotalInvoiced { get; init; }

    /// <summary>Credit notes of the period (positive: what they took off).</summary>
    public required decimal TotalCredited { get; init; }

    /// <summary>Payments received in the period (positive).</summary>
    public required decimal TotalPaid { get; init; }

    /// <summary><see cref="OpeningBalance"/> + invoiced − credited − paid.</summary>
    public required decimal ClosingBalance { get; init; }

    public required IReadOnlyList<StatementOpenItem> OpenItems { get; init; }

    /// <summary>The open items by age as of <see cref="IssuedOn"/> (credit notes and unapplied payments reduce "Current").</summary>
    public required IReadOnlyList<StatementAgingBucket> Aging { get; init; }

    /// <summary>What is owed as of <see cref="IssuedOn"/>: the open items less unapplied payments (the sum of <see cref="Aging"/>).</summary>
    public required decimal AmountDue { get; init; }

    /// <summary>Where the customer pays <see cref="AmountDue"/>; <c>null</c> when nothing is owed or no pay link is configured.</summary>
    public Uri? PayLink { get; init; }

    /// <summary>Items in another currency than the customer's, left out of the figures (one line each for the reader).</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];
}
