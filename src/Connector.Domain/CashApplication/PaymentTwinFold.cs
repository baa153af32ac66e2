using Connector.Domain.Ledger;

namespace Connector.Domain.CashApplication;

/// <summary>A recognised pair as the ledger counts it: which of the two records stays.</summary>
/// <param name="KeepBank">The bank entry stays (the connector acted on it before the ERP's record appeared); otherwise the ERP's payment stays.</param>
public sealed record TwinPair(string BankPaymentId, string ErpPaymentId, bool KeepBank);

/// <summary>
/// One payment for one sum of money: the ledger with each recognised pair folded into the record that stays, so exposure,
/// aging, DSO, the Dynamics payments and the writeback see it once. The ERP's payment that stays takes the bank's
/// reference, end-to-end id, payer name and account (and its remittance when it has none); the bank entry that stays takes
/// the ERP's customer and the ERP's applied amount (the ERP's figure of how much of that money it applied). Bank entries
/// held back as possible twins (a person decides) are left out.
/// </summary>
public static class PaymentTwinFold
{
    /// <returns>The same ledger when nothing is folded or held.</returns>
    public static ArLedger Apply(ArLedger ledger, IReadOnlyList<TwinPair> pairs, IReadOnlySet<string> held)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(held);
        if (pairs.Count == 0 && held.Count == 0)
        {
            return ledger;
        }

        var byId = new Dictionary<string, Payment>(StringComparer.Ordinal);
        foreach (var payment in ledger.AllPayments)
        {
            byId[payment.Id] = payment;
        }

        var dropped = new HashSet<string>(held, StringComparer.Ordinal);
        var replaced = new Dictionary<string, Payment>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            if (!byId.TryGetValue(pair.BankPaymentId, out var bank) || !byId.TryGetValue(pair.ErpPaymentId, out var erp))
            {
                // One side is gone (a reversed entry, a payment the ERP deleted): the other stands alone.
                continue;
            }

            if (pair.KeepBank)
            {
                dropped.Add(erp.Id);
                replaced[bank.Id] = bank with
                {
                    CustomerId = string.IsNullOrEmpty(bank.CustomerId) ? erp.CustomerId : bank.CustomerId,
                    AppliedAmount = Math.Min(bank.Amount, Math.Max(bank.AppliedAmount, erp.AppliedAmount)),
                };
            }
            else
            {
                dropped.Add(bank.Id);
                replaced[erp.Id] = erp with
                {
                    BankReference = erp.BankReference ?? bank.BankReference,
                    EndToEndId = erp.EndToEndId ?? bank.EndToEndId,
                    PayerName = erp.PayerName ?? bank.PayerName,
                    PayerAccount = erp.PayerAccount ?? bank.PayerAccount,
                    Reference = string.IsNullOrWhiteSpace(erp.Reference) ? bank.Reference : erp.Reference,
                };
            }
        }

        if (dropped.Count == 0 && replaced.Count == 0)
        {
            return ledger;
        }

        return new ArLedger(
            ledger.Accounts.Select(static a => a.Customer),
            ledger.Accounts.SelectMany(static a => a.Invoices),
            ledger.AllPayments.Where(p => !dropped.Contains(p.Id)).Select(p => replaced.GetValueOrDefault(p.Id) ?? p),
            ledger.Accounts.SelectMany(static a => a.Orders),
            ledger.Rates,
            ledger.Accounts.SelectMany(static a => a.Promises),
            ledger.Collectors);
    }
}
