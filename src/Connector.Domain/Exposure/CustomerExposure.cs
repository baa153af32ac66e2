namespace Connector.Domain.Exposure;

/// <summary>An open order as it counts toward exposure: its not-yet-invoiced amount in the credit currency.</summary>
public readonly record struct CountedOrder(string Id, decimal Amount);

/// <summary>
/// What one customer owes or has committed to, in its credit currency:
/// <c>exposure = openAR + openOrders − unappliedCash</c> (the last term only when the policy subtracts it).
/// Amounts are unrounded; round only when showing.
/// </summary>
public sealed record CustomerExposure
{
    public required string CustomerId { get; init; }

    /// <summary>The customer's credit currency: every amount here is in it.</summary>
    public required string Currency { get; init; }

    /// <summary>Σ open amounts of invoices and credit memos (credit memos are negative).</summary>
    public decimal OpenAr { get; init; }

    /// <summary>Σ the not-yet-invoiced amounts of open orders, each order id counted once.</summary>
    public decimal OpenOrders { get; init; }

    /// <summary>Money received but not yet applied to an invoice.</summary>
    public decimal UnappliedCash { get; init; }

    /// <summary>Whether <see cref="UnappliedCash"/> lowers <see cref="Total"/> (policy <c>Credit:SubtractUnappliedCash</c>).</summary>
    public bool UnappliedCashSubtracted { get; init; }

    /// <summary>The exposure: open AR plus open orders, less unapplied cash when the policy says so.</summary>
    public decimal Total => OpenAr + OpenOrders - (UnappliedCashSubtracted ? UnappliedCash : 0m);

    /// <summary>The open orders counted in <see cref="OpenOrders"/>, so a check of an existing order adds only its increase.</summary>
    public IReadOnlyList<CountedOrder> Orders { get; init; } = [];

    /// <summary>Set when an amount could not be converted (a missing exchange rate); <see cref="Total"/> is then incomplete.</summary>
    public string? NotEvaluableReason { get; init; }

    public bool IsEvaluable => NotEvaluableReason is null;

    /// <summary>The amount an open order already contributes to <see cref="OpenOrders"/>, or <c>null</c> if it is not counted.</summary>
    public decimal? CountedAmountOf(string? orderId)
    {
        if (string.IsNullOrEmpty(orderId))
        {
            return null;
        }

        foreach (var order in Orders)
        {
            if (string.Equals(order.Id, orderId, StringComparison.Ordinal))
            {
                return order.Amount;
            }
        }

        return null;
    }
}
