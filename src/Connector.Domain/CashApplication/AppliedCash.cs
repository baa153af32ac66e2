namespace Connector.Domain.CashApplication;

/// <summary>
/// One accepted application line as the ledger must count it before (or after) the ERP confirms it.
/// </summary>
/// <param name="Amount">Cash applied to the invoice, in the payment's currency.</param>
/// <param name="InvoiceAmount">What the line takes off the invoice's open amount: the amount, the write-off and the FX difference, in the invoice's currency.</param>
/// <param name="OnInvoice">Lower the invoice's open amount: true while the ERP has not shown it (awaiting ERP).</param>
/// <param name="OnPayment">Raise the payment's applied amount: while awaiting, and for good for a bank payment the ERP's export never names.</param>
public sealed record AppliedCash(string PaymentId, string InvoiceId, string CustomerId, decimal Amount, decimal InvoiceAmount, bool OnInvoice, bool OnPayment);
