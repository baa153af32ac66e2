namespace Connector.Domain.Exposure;

/// <summary>
/// An exposure held against a credit limit. No limit → no check; a limit of 0 → no credit at all;
/// a tolerance lets the exposure run up to <c>limit × (1 + tolerancePercent/100)</c> before it counts as over.
/// </summary>
public readonly record struct LimitCheck(decimal? Limit, decimal Exposure, decimal TolerancePercent)
{
    public bool HasLimit => Limit.HasValue;

    /// <summary>A limit of 0: the customer buys only against cash in advance.</summary>
    public bool IsNoCredit => Limit == 0m;

    /// <summary>The exposure above which the limit is exceeded (the limit plus its tolerance).</summary>
    public decimal? Threshold => Limit is { } limit ? ThresholdOf(limit, TolerancePercent) : null;

    /// <summary>The exposure is strictly above the threshold; equal to it is still within.</summary>
    public bool IsOver => Limit is { } limit && Exposure > ThresholdOf(limit, TolerancePercent);

    /// <summary>Credit still available under the limit itself (tolerance excluded), never below zero.</summary>
    public decimal? Available => Limit is { } limit ? Math.Max(0m, limit - Exposure) : null;

    public static decimal ThresholdOf(decimal limit, decimal tolerancePercent) =>
        tolerancePercent == 0m ? limit : limit * (1m + (tolerancePercent / 100m));
}
