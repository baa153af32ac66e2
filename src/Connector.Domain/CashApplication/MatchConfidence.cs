namespace Connector.Domain.CashApplication;

/// <summary>How sure an application is: a person reviews the low ones first.</summary>
public enum MatchConfidence
{
    /// <summary>The payer named the invoice.</summary>
    High,

    /// <summary>Amounts agree exactly (one invoice or one unique combination).</summary>
    Medium,

    /// <summary>Amounts agree only within tolerance.</summary>
    Low,
}
