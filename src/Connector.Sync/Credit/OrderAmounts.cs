using Connector.Domain.Credit;
using Connector.Domain.Currencies;

namespace Connector.Sync.Credit;

/// <summary>
/// The order's amount in the customer's credit currency, the way the order webhook and the order credit pass both
/// check it. In the credit currency already: as is. Otherwise Dataverse's own conversion first — the base amount
/// (<c>totalamount_base</c>, else <c>totalamount / exchangerate</c>) when it is in the credit currency or the ledger can
/// carry the base currency there — else the ledger's rate for the order's currency. An order that names no currency is
/// in the organisation's base currency (Dataverse's default). A currency that cannot be told, or a missing ledger rate,
/// is a failure with its reason, never a rate of 1.
/// </summary>
public static class OrderAmounts
{
    /// <summary>How a failed conversion's sentence starts (the order credit pass recognises a stored one by it).</summary>
    public const string CannotConvert = "the order's amount cannot be converted into the customer's credit currency";

    public static OrderAmount Resolve(OrderMoney money, CustomerCreditSnapshot credit, DataverseCurrencies currencies)
    {
        ArgumentNullException.ThrowIfNull(money);
        ArgumentNullException.ThrowIfNull(credit);
        ArgumentNullException.ThrowIfNull(currencies);
        var target = credit.Currency;
        var amount = money.Amount ?? 0m;
        if (amount == 0m)
        {
            return OrderAmount.Converted(0m, "no amount yet");
        }

        var baseCurrency = currencies.BaseCurrency;
        var currency = money.CurrencyId is { } id ? currencies.IsoCodeOf(id) : baseCurrency;
        if (currency is not null && string.Equals(currency, target, StringComparison.OrdinalIgnoreCase))
        {
            return OrderAmount.Converted(amount, $"in {target}");
        }

        var baseAmount = money.BaseAmount ?? (money.ExchangeRate is > 0m and var rate ? amount / rate : null);
        if (baseAmount is { } inBase && baseCurrency is not null
            && credit.Rates.TryConvert(inBase, baseCurrency, target, out var fromBase, out _))
        {
            var how = string.Equals(baseCurrency, target, StringComparison.OrdinalIgnoreCase)
                ? $"{Format(amount, currency)} at the order's exchange rate"
                : $"{Format(amount, currency)} at the order's exchange rate into {baseCurrency}, then the ledger's {baseCurrency} rate";
            return OrderAmount.Converted(fromBase, how);
        }

        if (currency is null)
        {
            return OrderAmount.Failed(money.CurrencyId is { } unknown
                ? $"{CannotConvert}: its currency ({Describe(unknown, money.CurrencyName)}) was not among Dataverse's currencies at the last sync and the order carries no base amount"
                : $"{CannotConvert}: it names no currency and the organisation's base currency is not known");
        }

        return credit.Rates.TryConvert(amount, currency, target, out var converted, out var missing)
            ? OrderAmount.Converted(converted, $"{Format(amount, currency)} at the ledger's rate")
            : OrderAmount.Failed($"{CannotConvert}: {missing}");
    }

    /// <summary>
    /// The check of an order whose amount could not be converted: blocked as not evaluable (<c>NOT_EVALUABLE</c>, the
    /// domain's answer to a missing rate), so <c>Credit:OrderEnforcement</c> decides what happens to it — unless the
    /// customer's hold already blocks it (its sentence says more) or a one-order override lets exactly this order pass.
    /// </summary>
    public static CreditDecision CheckUnconverted(CustomerCreditSnapshot credit, string? orderId, string why, CreditPolicy policy, ManualActions? actions, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(credit);
        ArgumentNullException.ThrowIfNull(policy);
        var holdOnly = CreditCheck.Check(credit, new OrderRequest { CustomerId = credit.CustomerId, OrderId = orderId, Amount = 0m, On = on }, policy, actions);
        if (!holdOnly.IsAllowed || holdOnly.Override is not null)
        {
            return holdOnly;
        }

        var figureless = holdOnly with { OrderAmount = null, Increase = null, ExposureBefore = null, ExposureAfter = null, AvailableCredit = null, Limits = [] };
        if ((actions ?? ManualActions.None).OverrideFor(orderId, credit.CustomerId, on) is { } granted)
        {
            return figureless with
            {
                Override = granted,
                Message = $"Order allowed by a one-order override from {granted.By} ({granted.Reason}); without it: {why}.",
            };
        }

        return figureless with
        {
            Outcome = CreditOutcome.Blocked,
            Reasons = [CreditCodes.NotEvaluable],
            Message = $"Order blocked: {why}. {HoldSentence.Contact(credit.Collector, "check the order's currency")}",
        };
    }

    private static string Describe(Guid id, string? name) =>
        string.IsNullOrWhiteSpace(name) ? $"transactioncurrency {id:D}" : $"{name}, transactioncurrency {id:D}";

    private static string Format(decimal amount, string? currency) =>
        currency is null ? amount.ToString("N2", System.Globalization.CultureInfo.InvariantCulture) : CurrencyUnits.Format(amount, currency);
}

/// <summary>The order's amount in the credit currency and how it was reached, or why it could not be.</summary>
public sealed record OrderAmount
{
    private OrderAmount(decimal? value, string explanation)
    {
        Value = value;
        Explanation = explanation;
    }

    /// <summary>In the customer's credit currency; <c>null</c> when the conversion failed.</summary>
    public decimal? Value { get; }

    /// <summary>How the amount was converted, or (failed) why it could not be.</summary>
    public string Explanation { get; }

    public bool IsConverted => Value.HasValue;

    public static OrderAmount Converted(decimal value, string how) => new(value, how);

    public static OrderAmount Failed(string why) => new(null, why);
}
