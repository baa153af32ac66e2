namespace Connector.Domain.Readiness;

/// <summary>An open invoice flagged <see cref="InvoiceReadiness.IncompleteInvoiceCode"/>, with what it lacks.</summary>
public sealed record IncompleteInvoice(string CustomerId, string InvoiceId, ReadinessGaps Gaps)
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance property, so every record carries its code where it is shown or serialised.")]
    public string Code => InvoiceReadiness.IncompleteInvoiceCode;

    public string Reason => InvoiceReadiness.Describe(Gaps);
}
