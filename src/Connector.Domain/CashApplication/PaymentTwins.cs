using System.Globalization;
using System.Text;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.CashApplication;

/// <summary>Which evidence made a bank entry and an ERP payment one payment.</summary>
public enum TwinRule
{
    /// <summary>The ERP payment's reference carries the bank's reference, the end-to-end id or the same remittance text.</summary>
    Reference,

    /// <summary>No reference: the same amount, currency and customer within a few days, and no other payment like it on either side.</summary>
    AmountCustomerDate,
}

/// <summary>A bank entry recognised as the ERP's own record of the same money.</summary>
public sealed record PaymentTwin(string BankPaymentId, string ErpPaymentId, TwinRule Rule, string Explanation);

/// <summary>A bank entry that may be an ERP payment's twin, or other money: a person decides.</summary>
public sealed record PossibleTwin(string BankPaymentId, IReadOnlyList<string> ErpPaymentIds, string Explanation);

/// <summary>What <see cref="PaymentTwinRules.Find"/> decided.</summary>
public sealed record TwinFindings(IReadOnlyList<PaymentTwin> Twins, IReadOnlyList<PossibleTwin> Questions)
{
    public static TwinFindings None { get; } = new([], []);
}

/// <summary>
/// Recognises a bank entry and the ERP's payment record of the same money (the ERP imported the bank, or booked the
/// connector's writeback): same amount and currency, value dates at most <see cref="DateWindowDays"/> apart, and then
/// first a reference (the ERP payment's reference holds the bank's reference or end-to-end id, or the same remittance
/// text); else the same customer. Each rule links only a pair that is unique both ways: a bank entry with two such ERP
/// payments (or an ERP payment with two such entries) is a question for a person, never a guess; so is a candidate whose
/// customer is not known on one side.
/// </summary>
public static class PaymentTwinRules
{
    /// <summary>How many days a bank entry's value date and the ERP's posting date of the same money may lie apart.</summary>
    public const int DateWindowDays = 5;

    private const int MinimumReferenceLength = 6;

    /// <param name="bankPayments">Bank entries not linked yet.</param>
    /// <param name="erpPayments">ERP payments not linked yet.</param>
    /// <param name="bankCustomer">The customer a bank entry is known to come from (its accepted match, a learned payer account, its payer name), or <c>null</c>.</param>
    public static TwinFindings Find(IReadOnlyList<Payment> bankPayments, IReadOnlyList<Payment> erpPayments, Func<Payment, string?> bankCustomer)
    {
        ArgumentNullException.ThrowIfNull(bankPayments);
        ArgumentNullException.ThrowIfNull(erpPayments);
        ArgumentNullException.ThrowIfNull(bankCustomer);
        if (bankPayments.Count == 0 || erpPayments.Count == 0)
        {
            return TwinFindings.None;
        }

        var byAmount = new Dictionary<(decimal, string), List<Payment>>();
        foreach (var erp in erpPayments)
        {
            var key = (erp.Amount, erp.Currency.ToUpperInvariant());
            if (!byAmount.TryGetValue(key, out var list))
            {
                byAmount[key] = list = [];
            }

            list.Add(erp);
        }

        // Every candidate pair with its evidence, then each tier decided on what is unique both ways.
        var candidates = new List<(Payment Bank, List<(Payment Erp, Evidence Evidence)> Erp)>();
        foreach (var bank in bankPayments)
        {
            if (bank.Amount <= 0m || !byAmount.TryGetValue((bank.Amount, bank.Currency.ToUpperInvariant()), out var same))
            {
                continue;
            }

            var customer = bankCustomer(bank);
            List<(Payment, Evidence)>? found = null;
            foreach (var erp in same)
            {
                if (Math.Abs(erp.Date.DayNumber - bank.Date.DayNumber) > DateWindowDays)
                {
                    continue;
                }

                var evidence = Weigh(bank, customer, erp);
                if (evidence != Evidence.None)
                {
                    (found ??= []).Add((erp, evidence));
                }
            }

            if (found is not null)
            {
                candidates.Add((bank, found));
            }
        }

        var twins = new List<PaymentTwin>();
        var questions = new List<PossibleTwin>();
        var linkedErp = new HashSet<string>(StringComparer.Ordinal);
        var decided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tier in new[] { Evidence.Reference, Evidence.Customer })
        {
            var back = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (bank, list) in candidates)
            {
                if (decided.Contains(bank.Id))
                {
                    continue;
                }

                foreach (var (erp, evidence) in list)
                {
                    if (evidence == tier && !linkedErp.Contains(erp.Id))
                    {
                        back[erp.Id] = back.GetValueOrDefault(erp.Id) + 1;
                    }
                }
            }

            foreach (var (bank, list) in candidates)
            {
                if (decided.Contains(bank.Id))
                {
                    continue;
                }

                var inTier = list.Where(c => c.Evidence == tier && !linkedErp.Contains(c.Erp.Id)).Select(static c => c.Erp).ToList();
                if (inTier.Count == 0)
                {
                    continue;
                }

                decided.Add(bank.Id);
                if (inTier.Count == 1 && back[inTier[0].Id] == 1)
                {
                    var erp = inTier[0];
                    linkedErp.Add(erp.Id);
                    twins.Add(new PaymentTwin(bank.Id, erp.Id, tier == Evidence.Reference ? TwinRule.Reference : TwinRule.AmountCustomerDate, Explain(bank, erp, tier)));
                }
                else
                {
                    var others = inTier.Count == 1 ? "another bank entry has the same evidence" : $"{inTier.Count} ERP payments have it";
                    questions.Add(new PossibleTwin(bank.Id, [.. inTier.Select(static e => e.Id).Order(StringComparer.Ordinal)],
                        $"Possibly the ERP's own record of this money ({Money(bank)}, {Describe(tier)}), but {others}: {List(inTier)}. "
                        + "Reject it if it is one of them (it is then not counted twice); assign it if it is other money."));
                }
            }
        }

        foreach (var (bank, list) in candidates)
        {
            if (decided.Contains(bank.Id))
            {
                continue;
            }

            var weak = list.Where(c => c.Evidence == Evidence.Unknown && !linkedErp.Contains(c.Erp.Id)).Select(static c => c.Erp).ToList();
            if (weak.Count > 0)
            {
                questions.Add(new PossibleTwin(bank.Id, [.. weak.Select(static e => e.Id).Order(StringComparer.Ordinal)],
                    $"Possibly the ERP's own record of this money ({Money(bank)}): {List(weak)} has the same amount within {DateWindowDays} days, "
                    + "but no reference ties them and the payer is not known on both sides. Reject it if it is the same money (it is then not counted twice); assign it if it is other money."));
            }
        }

        return new TwinFindings(twins, questions);
    }

    private enum Evidence
    {
        None,
        Unknown,
        Customer,
        Reference,
    }

    private static Evidence Weigh(Payment bank, string? bankCustomer, Payment erp)
    {
        var erpReference = Normalise(erp.Reference);
        if (Carries(erpReference, bank.BankReference) || Carries(erpReference, bank.EndToEndId))
        {
            return Evidence.Reference;
        }

        var erpCustomer = string.IsNullOrEmpty(erp.CustomerId) ? null : erp.CustomerId;
        if (bankCustomer is not null && erpCustomer is not null && !string.Equals(bankCustomer, erpCustomer, StringComparison.Ordinal))
        {
            // Two known, different payers: other money, whatever the texts say.
            return Evidence.None;
        }

        if (SameRemittance(Normalise(bank.Reference), erpReference))
        {
            return Evidence.Reference;
        }

        return bankCustomer is not null && erpCustomer is not null ? Evidence.Customer : Evidence.Unknown;
    }

    /// <summary>The reference as whole words: upper case, every run of other characters one space, padded.</summary>
    internal static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 2).Append(' ');
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
            else if (builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        if (builder[^1] != ' ')
        {
            builder.Append(' ');
        }

        return builder.Length <= 2 ? "" : builder.ToString();
    }

    private static bool Carries(string erpReference, string? bankValue)
    {
        if (erpReference.Length == 0 || string.IsNullOrWhiteSpace(bankValue) || string.Equals(bankValue, "NOTPROVIDED", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var value = Normalise(bankValue);
        return value.Length - 2 >= MinimumReferenceLength && erpReference.Contains(value, StringComparison.Ordinal);
    }

    /// <summary>The same remittance: equal texts, or the ERP's whole text (long enough to mean something) inside the bank's.</summary>
    private static bool SameRemittance(string bankReference, string erpReference) =>
        bankReference.Length > 0 && erpReference.Length > 0
        && (bankReference == erpReference || (erpReference.Length - 2 >= MinimumReferenceLength && bankReference.Contains(erpReference, StringComparison.Ordinal)));

    private static string Explain(Payment bank, Payment erp, Evidence tier)
    {
        var days = Math.Abs(erp.Date.DayNumber - bank.Date.DayNumber);
        var when = days == 0 ? "the same day" : string.Create(CultureInfo.InvariantCulture, $"{days} day{(days == 1 ? "" : "s")} apart");
        var what = tier == Evidence.Reference
            ? ReferenceSaid(bank, erp)
            : $"the same customer {erp.CustomerId}, and no other payment like it on either side";
        return $"Bank entry {bank.BankReference ?? bank.Id} is the ERP's payment {erp.Id}: {Money(bank)}, {when}, {what}.";
    }

    private static string ReferenceSaid(Payment bank, Payment erp)
    {
        var erpReference = Normalise(erp.Reference);
        if (Carries(erpReference, bank.BankReference))
        {
            return $"the ERP's reference carries the bank reference {bank.BankReference}";
        }

        return Carries(erpReference, bank.EndToEndId)
            ? $"the ERP's reference carries the end-to-end id {bank.EndToEndId}"
            : $"the same remittance \"{erp.Reference!.Trim()}\"";
    }

    private static string Describe(Evidence tier) => tier == Evidence.Reference ? "the same reference" : "the same customer";

    private static string List(IEnumerable<Payment> payments) =>
        string.Join(", ", payments.OrderBy(static p => p.Id, StringComparer.Ordinal).Select(static p => $"{p.Id} of {p.Date:yyyy-MM-dd}" + (string.IsNullOrEmpty(p.CustomerId) ? "" : $" ({p.CustomerId})")));

    private static string Money(Payment payment) => CurrencyUnits.Format(payment.Amount, payment.Currency);
}
