using Connector.Domain.Allowance;
using Connector.Worker.Output;

namespace Connector.Worker.Allowance;

/// <summary>The JSON form of the allowance report: as_of, currency, buckets, target, current_balance, adjustment, left_out.</summary>
internal sealed record AllowanceJson(
    DateOnly AsOf,
    string Currency,
    IReadOnlyList<AllowanceJson.Bucket> Buckets,
    decimal Target,
    decimal CurrentBalance,
    AllowanceJson.Entry Adjustment,
    IReadOnlyList<string> LeftOut)
{
    public static AllowanceJson From(AllowanceReport report)
    {
        var currency = report.Currency;
        var adjustment = report.Adjustment;
        return new(
            report.AsOf,
            currency,
            [.. report.Buckets.Select(b => new Bucket(
                b.Key,
                b.Label,
                MoneyJson.Round(b.Open, currency),
                MoneyJson.Round(b.Disputed, currency),
                b.RatePercent,
                b.DisputedRatePercent,
                MoneyJson.Round(b.Allowance, currency),
                b.Floored))],
            MoneyJson.Round(report.Target, currency),
            MoneyJson.Round(report.CurrentBalance, currency),
            new Entry(MoneyJson.Round(adjustment.Amount, currency), adjustment.Direction, adjustment.DebitAccount, adjustment.CreditAccount, adjustment.Explanation),
            report.LeftOut);
    }

    internal sealed record Bucket(string Key, string Label, decimal Open, decimal Disputed, decimal RatePercent, decimal? DisputedRatePercent, decimal Allowance, bool Floored);

    internal sealed record Entry(decimal Amount, AdjustmentDirection Direction, string DebitAccount, string CreditAccount, string Explanation);
}
