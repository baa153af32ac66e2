using Connector.Domain.Policies;

namespace Connector.Domain.CashApplication;

/// <summary>
/// Configuration section <c>CashApplication</c>: which matching rules run, how far a short payment may
/// fall below the invoices it pays and still be applied in full, and how hard the combination search may work.
/// </summary>
[SettingsSection(SectionName)]
public sealed class CashApplicationPolicy
{
    public const string SectionName = "CashApplication";

    /// <summary>A short payment is applied in full only if the gap is at most this percent of the open amount (and at most <see cref="ToleranceAmount"/>).</summary>
    [SettingRange(0d, 100d)]
    public decimal TolerancePercent { get; set; } = 1m;

    /// <summary>A short payment is applied in full only if the gap is at most this amount (and at most <see cref="TolerancePercent"/>).</summary>
    [SettingRange(0d, 1_000_000d)]
    public decimal ToleranceAmount { get; set; } = 5.00m;

    /// <summary>The largest number of invoices one payment may settle by the combination rule.</summary>
    [SettingRange(2, 10)]
    public int MaxCombinationSize { get; set; } = 5;

    /// <summary>Only the customer's oldest open invoices, up to this many, take part in the combination search.</summary>
    [SettingRange(2, 60)]
    public int MaxCombinationCandidates { get; set; } = 20;

    /// <summary>Search steps allowed per payment; when spent, uniqueness is unproven and nothing is applied by combination.</summary>
    [SettingRange(100, 10_000_000)]
    public int MaxCombinationNodes { get; set; } = 20_000;

    /// <summary>How many ranked candidates an exception shows.</summary>
    [SettingRange(1, 50)]
    public int MaxExceptionCandidates { get; set; } = 5;

    /// <summary>
    /// A payment in another currency settles the invoices it is matched to when, converted at the payment date's rate, it
    /// is within this percent of what they have open; the difference is proposed as FX gain or loss. 0 turns the
    /// cross-currency rule off.
    /// </summary>
    [SettingRange(0d, 10d)]
    public decimal FxTolerancePercent { get; set; } = 2m;

    public bool UseReference { get; set; } = true;

    public bool UseExactAmount { get; set; } = true;

    public bool UseCombination { get; set; } = true;

    public bool UseTolerance { get; set; } = true;

    /// <summary>Identify a payer without customer number by its (normalised) name in the remittance text.</summary>
    public bool NameMatch { get; set; } = true;

    /// <summary>
    /// The rules whose matches are accepted without a person (<c>CashApplication:AutoAccept</c>): a payment is accepted
    /// automatically only when every line of it came from a listed rule; the rest wait in the exceptions queue with the
    /// proposal (<c>connector cash exceptions</c>). Empty (the default, decision 96): every match waits for a person; the
    /// demo and the documented example list <c>Reference</c> and <c>ExactAmount</c>.
    /// </summary>
    public MatchMethod[] AutoAccept { get; set; } = [];

    /// <summary>A payment above this amount (in its own currency) always waits for a person; 0: no limit.</summary>
    [SettingRange(0d, 1_000_000_000d)]
    public decimal AutoAcceptMaxAmount { get; set; }

    /// <summary>True when <paramref name="gap"/> (the short part) is inside both tolerance limits for <paramref name="open"/>.</summary>
    internal bool WithinTolerance(decimal gap, decimal open) =>
        gap > 0m && gap <= ToleranceAmount && gap * 100m <= TolerancePercent * open;
}
