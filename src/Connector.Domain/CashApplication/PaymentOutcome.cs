namespace Connector.Domain.CashApplication;

public enum PaymentStatus
{
    /// <summary>Applied in full.</summary>
    Applied,

    /// <summary>Applied to every invoice it names; the rest stays unapplied cash.</summary>
    AppliedWithRemainder,

    /// <summary>Nothing applied: see the exception queue.</summary>
    Exception,
}

/// <summary>
/// What became of one payment. <see cref="Available"/> is what was unapplied before the run;
/// <see cref="Applied"/> + <see cref="Unapplied"/> = <see cref="Available"/>.
/// </summary>
public sealed record PaymentOutcome(
    string PaymentId,
    string? CustomerId,
    string Currency,
    decimal Available,
    decimal Applied,
    decimal Unapplied,
    PaymentStatus Status);
