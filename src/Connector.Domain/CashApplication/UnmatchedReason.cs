namespace Connector.Domain.CashApplication;

/// <summary>Why a payment went to the exception queue instead of being applied.</summary>
public enum UnmatchedReason
{
    /// <summary>No customer number, and neither invoice numbers nor a payer name in the text point to a customer.</summary>
    CustomerUnknown,

    /// <summary>The text points to more than one customer.</summary>
    CustomerAmbiguous,

    /// <summary>The text names invoices of the customer that earlier payments of this run already settled (a possible double payment).</summary>
    ReferenceSettled,

    /// <summary>The customer has no open invoice in the payment's currency.</summary>
    NoOpenInvoices,

    /// <summary>Two or more open invoices have exactly the payment's amount.</summary>
    AmountTie,

    /// <summary>More than one set of invoices sums to the payment, or the bounded search could not prove one set unique.</summary>
    CombinationAmbiguous,

    /// <summary>Two or more invoices are within tolerance of the short payment.</summary>
    ToleranceTie,

    /// <summary>No rule found an answer.</summary>
    NoMatch,
}
