namespace Connector.Domain.Ledger;

/// <summary>Credit risk class: A is the safest, D the riskiest.</summary>
public enum RiskClass
{
    A,
    B,
    C,
    D,
}
