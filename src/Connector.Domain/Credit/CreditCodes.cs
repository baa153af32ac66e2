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

    private static readonly string[] OverdueAgeAlone = [OverdueAge];
    private static readonly string[] OverdueShareAlone = [OverdueShare];
    private static readonly string[] OverLimitAlone = [OverLimit];
    private static readonly string[] BrokenPromiseAlone = [BrokenPromise];
    private static readonly string[] ManualAlone = [Manual];

    /// <summary>
    /// One shared code list per hold rule for the usual hold with a single reason, so an evaluation
    /// of 100,000 customers does not keep ~20,000 one-element arrays alive. Read-only by contract
    /// (handed out as <see cref="IReadOnlyList{T}"/>).
    /// </summary>
    internal static string[]? Alone(string code) => code switch
    {
        OverdueAge => OverdueAgeAlone,
        OverdueShare => OverdueShareAlone,
        OverLimit => OverLimitAlone,
        BrokenPromise => BrokenPromiseAlone,
        Manual => ManualAlone,
        _ => null,
    };
}
