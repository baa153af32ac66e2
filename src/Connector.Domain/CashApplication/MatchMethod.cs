namespace Connector.Domain.CashApplication;

/// <summary>The rule that applied a payment to an invoice.</summary>
public enum MatchMethod
{
    /// <summary>The remittance text names the invoice.</summary>
    Reference,

    /// <summary>The only open invoice of the customer with exactly the payment's amount.</summary>
    ExactAmount,

    /// <summary>The only set of the customer's open invoices that sums exactly to the payment.</summary>
    Combination,

    /// <summary>A short payment within tolerance of a reference or amount match; the gap is proposed for write-off.</summary>
    Tolerance,

    /// <summary>
    /// A payment in another currency than the invoices it pays, converted at the payment date's rate; the difference is
    /// proposed as FX gain or loss (never accepted automatically unless listed in <c>AutoAccept</c>).
    /// </summary>
    CrossCurrency,
}
