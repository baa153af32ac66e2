using Connector.Domain.Ledger;
using Connector.Domain.Readiness;

namespace Connector.Domain.Collections;

/// <summary>
/// An open item on a case, in the customer's credit currency. Disputed items are listed so the
/// collector sees them, but they neither drive the level nor count in the case amount.
/// </summary>
public sealed record CaseItem
{
    public required string InvoiceId { get; init; }
    public DocumentType Type { get; init; }
    public DateOnly DueDate { get; init; }

    /// <summary>Days past due on the plan date (changes daily, so it is not part of change detection).</summary>
    public int DaysPastDue { get; init; }

    public decimal OpenAmount { get; init; }
    public bool Disputed { get; init; }
    public ReadinessGaps Gaps { get; init; }

    /// <summary>The invoice lacks what the customer requires (<see cref="InvoiceReadiness.IncompleteInvoiceCode"/>).</summary>
    public bool Incomplete => Gaps != ReadinessGaps.None;

    /// <summary><c>INCOMPLETE_INVOICE</c> when incomplete, else <c>null</c>.</summary>
    public string? ReadinessCode => Incomplete ? InvoiceReadiness.IncompleteInvoiceCode : null;
}
