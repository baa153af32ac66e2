using Connector.Domain.Credit;
using Connector.Worker.Output;

namespace Connector.Worker.Credit;

/// <summary>
/// The JSON of <c>credit check</c> (a contract for the order system): decision, reasons, message, exposure_before,
/// exposure_after, credit_limit, available_credit, overdue_amount, oldest_overdue_days, collector, override, and
/// customer_id, order_id, currency. Amounts are in <c>currency</c> (the customer's credit currency), rounded;
/// <c>null</c> when not evaluable (or, for credit_limit and available_credit, when no limit applies).
/// </summary>
internal sealed record CreditCheckJson(
    string Decision,
    IReadOnlyList<string> Reasons,
    string Message,
    decimal? ExposureBefore,
    decimal? ExposureAfter,
    decimal? CreditLimit,
    decimal? AvailableCredit,
    decimal OverdueAmount,
    int OldestOverdueDays,
    string Collector,
    CreditCheckJson.OverrideJson? Override,
    string CustomerId,
    string? OrderId,
    string Currency)
{
    public static CreditCheckJson From(CreditDecision decision)
    {
        var currency = decision.Currency;
        return new(
            decision.IsAllowed ? "allowed" : "blocked",
            decision.Reasons,
            decision.Message,
            Money(decision.ExposureBefore),
            Money(decision.ExposureAfter),
            Money(decision.CreditLimit),
            Money(decision.AvailableCredit),
            MoneyJson.Round(decision.OverdueAmount, currency),
            decision.OldestOverdueDays,
            decision.Collector,
            decision.Override is { } granted ? new OverrideJson(granted.By, granted.Reason, granted.Until) : null,
            decision.CustomerId,
            decision.OrderId,
            currency);

        decimal? Money(decimal? amount) => amount is { } value ? MoneyJson.Round(value, currency) : null;
    }

    internal sealed record OverrideJson(string By, string Reason, DateOnly? Until);
}
