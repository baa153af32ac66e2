using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.Collections;

/// <summary>The interest and fee a letter proposes on one undisputed overdue invoice, rounded to the currency's minor unit.</summary>
/// <param name="DaysOverdue">Days from the due date to the letter's date.</param>
public sealed record LateCharge(string InvoiceId, DateOnly DueDate, int DaysOverdue, decimal OpenAmount, decimal Interest, decimal Fee)
{
    public decimal Total => Interest + Fee;
}

/// <summary>
/// What a ladder step's letter adds to the customer's overdue balance: per undisputed overdue invoice (a credit memo
/// or a disputed item is never charged), interest at <see cref="RatePercent"/> a year pro rata by the days overdue
/// (open amount × rate / 100 × days / 365, rounded half-to-even per invoice) and the step's fixed fee.
/// </summary>
public sealed record LateCharges
{
    public static readonly LateCharges None = new() { Currency = "", On = default, Lines = [] };

    public required string Currency { get; init; }

    /// <summary>The letter's date the days are counted to.</summary>
    public required DateOnly On { get; init; }

    public decimal RatePercent { get; init; }

    public decimal FeePerInvoice { get; init; }

    public required IReadOnlyList<LateCharge> Lines { get; init; }

    public decimal Interest => Lines.Sum(static l => l.Interest);

    public decimal Fees => Lines.Sum(static l => l.Fee);

    public decimal Total => Interest + Fees;

    public bool IsEmpty => Total == 0m;

    /// <summary>The charge on <paramref name="invoiceId"/>, if any.</summary>
    public LateCharge? For(string invoiceId) => Lines.FirstOrDefault(l => string.Equals(l.InvoiceId, invoiceId, StringComparison.Ordinal));

    /// <summary>
    /// The charges <paramref name="step"/> proposes on <paramref name="items"/> (in <paramref name="currency"/>) as of
    /// <paramref name="on"/>; <see cref="None"/> when the step has neither interest nor fee.
    /// </summary>
    public static LateCharges Compute(DunningStep? step, IEnumerable<CaseItem> items, string currency, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(currency);
        if (step is null || !step.ProposesCharges())
        {
            return None;
        }

        var rate = step.InterestRatePercent ?? 0m;
        var fee = step.FeeAmount ?? 0m;
        var lines = new List<LateCharge>();
        foreach (var item in items)
        {
            var days = on.DayNumber - item.DueDate.DayNumber;
            if (item.Type == DocumentType.CreditMemo || item.Disputed || item.OpenAmount <= 0m || days <= 0)
            {
                continue;
            }

            var interest = CurrencyUnits.Round(item.OpenAmount * rate / 100m * days / 365m, currency);
            lines.Add(new LateCharge(item.InvoiceId, item.DueDate, days, item.OpenAmount, interest, CurrencyUnits.Round(fee, currency)));
        }

        return new LateCharges { Currency = currency, On = on, RatePercent = rate, FeePerInvoice = fee, Lines = lines };
    }

    /// <summary>The step of <paramref name="level"/> in the ladder of <paramref name="riskClass"/> (enabled or not), or null.</summary>
    public static DunningStep? StepOf(CollectionsPolicy policy, RiskClass riskClass, int level)
    {
        ArgumentNullException.ThrowIfNull(policy);
        foreach (var step in policy.LadderFor(riskClass))
        {
            if (step.Level == level)
            {
                return step;
            }
        }

        return null;
    }
}
