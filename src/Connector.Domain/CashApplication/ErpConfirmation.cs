using Connector.Domain.Currencies;

namespace Connector.Domain.CashApplication;

/// <summary>Where an accepted application stands against the ERP's own export.</summary>
public enum ErpConfirmationState
{
    /// <summary>The ERP does not show it yet: the connector counts it (applied, awaiting ERP).</summary>
    Awaiting,

    /// <summary>The ERP's export shows it: the ERP's figures count it, the connector no longer adds it.</summary>
    Confirmed,

    /// <summary>The ERP shows something else: neither is counted twice, and a person decides (exceptions queue).</summary>
    Disagreed,
}

/// <summary>
/// An accepted line against the ERP's export: the invoice's open amount and the payment's applied amount when the line was
/// accepted, and now.
/// </summary>
/// <param name="InvoiceAmount">What the line takes off the invoice (amount, write-off, FX difference).</param>
/// <param name="OpenBefore">The invoice's open amount in the ERP's export when the line was accepted.</param>
/// <param name="OpenNow">The invoice's open amount in the ERP's export now (0 when paid or gone).</param>
/// <param name="ErpPayment">The payment came from the ERP's export (the ERP then also shows it applied); false for a bank payment.</param>
/// <param name="PaymentAppliedBefore">The ERP payment's applied amount when the line was accepted.</param>
/// <param name="PaymentAppliedNow">The ERP payment's applied amount now.</param>
/// <param name="PaymentLinesTotal">What all accepted lines of the payment apply.</param>
public sealed record ErpConfirmationInput(
    string PaymentId,
    string InvoiceId,
    string Currency,
    decimal InvoiceAmount,
    decimal OpenBefore,
    decimal OpenNow,
    bool ErpPayment,
    decimal PaymentAppliedBefore,
    decimal PaymentAppliedNow,
    decimal PaymentLinesTotal);

/// <summary>
/// Reconciles an application the connector accepted with what the ERP later exports: confirmed when the invoice dropped by
/// at least the line (and, for an ERP payment, the payment shows the cash applied); a disagreement when the ERP moved one
/// side only or by a different amount; otherwise still awaiting.
/// </summary>
public static class ErpConfirmation
{
    public static (ErpConfirmationState State, string? Why) Check(ErpConfirmationInput line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var dropped = line.OpenBefore - line.OpenNow;
        var invoiceShows = dropped >= line.InvoiceAmount;
        if (line.ErpPayment)
        {
            var grown = line.PaymentAppliedNow - line.PaymentAppliedBefore;
            if (invoiceShows && grown >= line.PaymentLinesTotal)
            {
                return (ErpConfirmationState.Confirmed, null);
            }

            if (invoiceShows && grown <= 0m)
            {
                return (ErpConfirmationState.Disagreed,
                    $"The ERP shows {line.InvoiceId} settled ({Money(line.OpenNow, line)} open, was {Money(line.OpenBefore, line)}) but payment {line.PaymentId} still unapplied: it was paid from other cash.");
            }

            if (grown > 0m && !invoiceShows)
            {
                return (ErpConfirmationState.Disagreed,
                    $"The ERP applied {Money(grown, line)} of payment {line.PaymentId}, but {line.InvoiceId} still has {Money(line.OpenNow, line)} open (the application took {Money(line.InvoiceAmount, line)} off {Money(line.OpenBefore, line)}): it applied the cash elsewhere.");
            }

            return (ErpConfirmationState.Awaiting, null);
        }

        if (invoiceShows)
        {
            return (ErpConfirmationState.Confirmed, null);
        }

        return dropped > 0m
            ? (ErpConfirmationState.Disagreed,
                $"The ERP took {Money(dropped, line)} off {line.InvoiceId}, the application {Money(line.InvoiceAmount, line)} ({Money(line.OpenNow, line)} still open).")
            : (ErpConfirmationState.Awaiting, null);
    }

    private static string Money(decimal amount, ErpConfirmationInput line) => CurrencyUnits.Format(amount, line.Currency);
}
