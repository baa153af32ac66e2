namespace Connector.Domain.Credit;

/// <summary>
/// The reason codes of holds and credit decisions. They are stable strings: they are written to
/// Dynamics (<c>arc_holdreasons</c>), the audit journal and the CLI's JSON.
/// </summary>
public static class CreditCodes
{
    // Hold rules (customer level).
    public const string OverdueAge = "OVERDUE_AGE";
    public const string OverdueShare = "OVERDUE_SHARE";
    public const string OverLimit = "OVER_LIMIT";
    public const string BrokenPromise = "BROKEN_PROMISE";
    public const string Manual = "MANUAL";

    // Order check.
    public const string OnHold = "ON_HOLD";
    public const string GroupOverLimit = "GROUP_OVER_LIMIT";
    public const string NoCredit = "NO_CREDIT";
    public const string NotEvaluable = "NOT_EVALUABLE";
    public const string UnknownCustomer = "UNKNOWN_CUSTOMER";
}
