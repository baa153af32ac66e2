using Connector.Domain.Ledger;
using Connector.Domain.Policies;

namespace Connector.Domain.Profile;

/// <summary>
/// Configuration section <c>Risk</c>: how far back the payment profile looks, the thresholds that
/// turn each factor into a risk class, and how the suggested credit limit is built.
/// </summary>
/// <remarks>
/// Every threshold list has three ascending values: a factor above the first is at least class B,
/// above the second C, above the third D ("above" is strictly greater). The customer's class is the
/// worst of its factors, so the factor that decided it is always visible.
/// </remarks>
[SettingsSection(SectionName)]
public sealed class RiskPolicy
{
    public const string SectionName = "Risk";

    /// <summary>Days of history the profile uses (payments, paid invoices, promises, sales).</summary>
    [SettingRange(30, 3650)]
    public int LookbackDays { get; set; } = 365;

    /// <summary>Amount-weighted average days paid after the due date.</summary>
    public decimal[] DaysLateThresholds { get; set; } = [5m, 15m, 30m];

    /// <summary>
    /// Days after the due date within which a payment does not count as late for the late share: a
    /// payment run a few days after the due date is how most companies pay, not a sign of risk.
    /// </summary>
    [SettingRange(0, 90)]
    public int LateGraceDays { get; set; } = 15;

    /// <summary>Share of paid invoices paid more than <see cref="LateGraceDays"/> after their due date, in percent.</summary>
    public decimal[] LateSharePercentThresholds { get; set; } = [20m, 40m, 60m];

    /// <summary>Broken promises to pay (one broken promise makes B).</summary>
    public decimal[] BrokenPromiseThresholds { get; set; } = [0m, 1m, 2m];

    /// <summary>Disputed invoices (open, or dated within the lookback).</summary>
    public decimal[] DisputeThresholds { get; set; } = [1m, 3m, 5m];

    /// <summary>Exposure as a percentage of the credit limit.</summary>
    public decimal[] UtilisationPercentThresholds { get; set; } = [80m, 100m, 120m];

    /// <summary>The class of a customer with no paid invoice in the lookback (nothing to judge it by).</summary>
    [SettingOneOf]
    public RiskClass NoHistoryClass { get; set; } = RiskClass.B;

    /// <summary>Days added to the payment terms when sizing the limit: sales outstanding during terms plus a normal delay.</summary>
    [SettingRange(0, 365)]
    public int LimitExtraDays { get; set; } = 15;

    /// <summary>Multiplier of the suggested limit per risk class A, B, C, D (0 = cash in advance).</summary>
    public decimal[] LimitMultipliers { get; set; } = [1m, 0.75m, 0.5m, 0m];

    /// <summary>The suggested limit is rounded down to a multiple of this (credit-currency units).</summary>
    [SettingMinimum(0, Exclusive = true)]
    public decimal LimitRoundingStep { get; set; } = 1_000m;
}
