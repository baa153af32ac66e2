namespace Connector.Domain.Readiness;

/// <summary>An open invoice flagged <see cref="InvoiceReadiness.IncompleteInvoiceCode"/>, with what it lacks.</summary>
public sealed record IncompleteInvoice(string CustomerId, string InvoiceId, ReadinessGaps Gaps)
{
    public string Code => InvoiceReadiness.IncompleteInvoiceCode;

    public string Reason => InvoiceReadiness.Describe(Gaps);
}
