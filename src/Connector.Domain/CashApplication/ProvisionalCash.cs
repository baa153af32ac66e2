using Connector.Domain.Ledger;

namespace Connector.Domain.CashApplication;

/// <summary>
/// Accepted cash counts at once: the ledger as the evaluation should see it, each invoice's open amount lowered by the
/// applications the ERP has not shown yet ("applied, awaiting ERP") and each payment's applied amount raised, so the
/// exposure and the hold rules of the same cycle see the cash. Lines the ERP already shows change nothing on the invoice
/// (no double counting); a bank payment the ERP's export never names keeps its applied amount.
/// </summary>
public static class ProvisionalCash
{
    /// <summary>The ledger with <paramref name="lines"/> counted; the same ledger when none changes anything.</summary>
    public static ArLedger Apply(ArLedger ledger, IReadOnlyList<AppliedCash> lines)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(lines);
        var offInvoice = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var onPayment = new Dictionary<string, (decimal Amount, string CustomerId)>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.OnInvoice && line.InvoiceAmount != 0m)
            {
                offInvoice[line.InvoiceId] = offInvoice.GetValueOrDefault(line.InvoiceId) + line.InvoiceAmount;
            }

            if (line.OnPayment && line.Amount != 0m)
            {
                var (amount, _) = onPayment.GetValueOrDefault(line.PaymentId);
                onPayment[line.PaymentId] = (amount + line.Amount, line.CustomerId);
            }
        }

        if (offInvoice.Count == 0 && onPayment.Count == 0)
        {
            return ledger;
        }

        return new ArLedger(
            ledger.Accounts.Select(static a => a.Customer),
            ledger.Accounts.SelectMany(static a => a.Invoices).Select(i => offInvoice.TryGetValue(i.Id, out var off) ? Lower(i, off) : i),
            ledger.AllPayments.Select(p => onPayment.TryGetValue(p.Id, out var applied) ? Raise(p, applied.Amount, applied.CustomerId) : p),
            ledger.Accounts.SelectMany(static a => a.Orders),
            ledger.Rates,
            ledger.Accounts.SelectMany(static a => a.Promises),
            ledger.Collectors);
    }

    /// <summary>Never below nothing open: the ERP may have settled part of it meanwhile.</summary>
    private static Invoice Lower(Invoice invoice, decimal off) =>
        invoice.IsOpen && invoice.OpenAmount > 0m
            ? invoice with { OpenAmount = Math.Max(0m, invoice.OpenAmount - off) }
            : invoice;

    /// <summary>Never above the payment; a payment without a customer gets the one its application identified.</summary>
    private static Payment Raise(Payment payment, decimal amount, string customerId) => payment with
    {
        AppliedAmount = Math.Min(payment.Amount, payment.AppliedAmount + amount),
        CustomerId = string.IsNullOrEmpty(payment.CustomerId) ? customerId : payment.CustomerId,
    };
}
