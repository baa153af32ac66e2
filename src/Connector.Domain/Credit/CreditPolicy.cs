using Connector.Domain.Policies;

namespace Connector.Domain.Credit;

/// <summary>What the order webhook does with an order the credit check blocks.</summary>
public enum OrderEnforcement
{
    /// <summary>Keep the order, marked Held, until it is released or the customer's hold lifts.</summary>
    Hold,

    /// <summary>Refuse the save.</summary>
    Reject,
}

/// <summary>What the order webhook does when it cannot decide from figures: allow (and audit) or refuse.</summary>
public enum CheckFailurePolicy
{
    /// <summary>Let the order through and record an audit event saying why it was not checked.</summary>
    FailOpen,

    /// <summary>Refuse the order (only with <see cref="OrderEnforcement.Reject"/>; in Hold mode nothing is refused at save).</summary>
    FailClosed,
}

/// <summary>
/// Configuration section <c>Credit</c>: the hold rules (each on/off with its parameters), the limit
/// tolerance, how exposure treats unapplied cash, and how long a release lasts by default.
/// </summary>
[SettingsSection(SectionName)]
public sealed class CreditPolicy
{
    public const string SectionName = "Credit";

    /// <summary>Rule <c>OVERDUE_AGE</c>: hold when an undisputed invoice is too long past due.</summary>
    public bool OverdueAgeEnabled { get; set; } = true;

    /// <summary>An invoice more than this many days past due fires <c>OVERDUE_AGE</c>.</summary>
    [SettingRange(0, 3650)]
    public int OverdueAgeDays { get; set; } = 60;

    /// <summary>Smallest open amount (credit currency) of an invoice that may fire <c>OVERDUE_AGE</c>; small leftovers do not stop sales.</summary>
    [SettingRange(0d, 1_000_000_000d)]
    public decimal OverdueAgeMateriality { get; set; } = 100m;

    /// <summary>Rule <c>OVERDUE_SHARE</c> (off by default): hold when overdue money is a large share of the limit.</summary>
    public bool OverdueShareEnabled { get; set; }

    /// <summary>Overdue undisputed amount above this percentage of the credit limit fires <c>OVERDUE_SHARE</c>.</summary>
    [SettingRange(0d, 1000d)]
    public decimal OverdueSharePercent { get; set; } = 50m;

    /// <summary>Rule <c>OVER_LIMIT</c>: hold when the exposure already there exceeds the limit (+ tolerance), own or group.</summary>
    public bool OverLimitEnabled { get; set; } = true;

    /// <summary>Rule <c>BROKEN_PROMISE</c>: hold when a promise-to-pay was broken and money is still overdue.</summary>
    public bool BrokenPromiseEnabled { get; set; } = true;

    /// <summary>Days after a promise's date before it counts as broken.</summary>
    [SettingRange(0, 365)]
    public int BrokenPromiseGraceDays { get; set; } = 2;

    /// <summary>Rule <c>MANUAL</c>: honour holds placed by a person (in the ERP or in Dynamics).</summary>
    public bool ManualHoldEnabled { get; set; } = true;

    /// <summary>Percentage above the limit tolerated before blocking: blocked only above <c>limit × (1 + TolerancePercent/100)</c>.</summary>
    [SettingRange(0d, 100d)]
    public decimal TolerancePercent { get; set; }

    /// <summary>Whether unapplied cash lowers exposure (it is the customer's money already received).</summary>
    public bool SubtractUnappliedCash { get; set; } = true;

    /// <summary>How long a person's release suppresses the hold rules when the release names no end date.</summary>
    [SettingRange(1, 365)]
    public int DefaultReleaseDays { get; set; } = 7;

    /// <summary>What happens to an order the credit check blocks.</summary>
    [SettingOneOf]
    public OrderEnforcement OrderEnforcement { get; set; } = OrderEnforcement.Hold;

    /// <summary>
    /// The order webhook decides from the last evaluation kept in memory; older than this many minutes it is stale
    /// (the sync has stopped) and <see cref="StaleSnapshotPolicy"/> decides instead.
    /// </summary>
    [SettingRange(1, 10080)]
    public int StaleSnapshotMinutes { get; set; } = 60;

    /// <summary>What the order webhook does when the evaluation is stale or there is none yet.</summary>
    [SettingOneOf]
    public CheckFailurePolicy StaleSnapshotPolicy { get; set; } = CheckFailurePolicy.FailOpen;

    /// <summary>What the order webhook does for a customer the AR ledger does not know ("no credit account").</summary>
    [SettingOneOf]
    public CheckFailurePolicy UnknownCustomerPolicy { get; set; } = CheckFailurePolicy.FailOpen;
}
