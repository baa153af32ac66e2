namespace Connector.Domain.CashApplication;

/// <summary>The amount figures of one payment currency (amounts of different currencies are never added up here).</summary>
public sealed record CashCurrencyTotals(
    string Currency,
    int PaymentCount,
    decimal Available,
    decimal Applied,
    decimal Unapplied)
{
    /// <summary>Share of the available cash applied, 0 to 1.</summary>
    public decimal MatchRateByAmount => Available == 0m ? 0m : Applied / Available;
}
