using Connector.Domain.Exposure;

namespace Connector.Domain.Credit;

/// <summary>
/// Everything the order credit check needs about one customer, computed once per evaluation so the
/// order webhook decides in microseconds without touching the ledger. Immutable; safe to share
/// between threads.
/// </summary>
public sealed record CustomerCreditSnapshot
{
    public required string CustomerId { get; init; }
    public required string CustomerName { get; init; }

    /// <summary>The credit currency of the exposure and the limit.</summary>
    public required string Currency { get; init; }

    public required DateOnly AsOf { get; init; }

    public required CustomerExposure Exposure { get; init; }

    /// <summary><c>null</c>: no limit check; <c>0</c>: no credit.</summary>
    public decimal? CreditLimit { get; init; }

    /// <summary>The groups the customer belongs to, nearest parent first, each in its parent's currency.</summary>
    public IReadOnlyList<GroupExposure> Groups { get; init; } = [];

    public required HoldEvaluation Hold { get; init; }

    public required CollectorContact Collector { get; init; }

    /// <summary>The rates of the evaluation date, to convert an order's amount and to carry it into group currencies.</summary>
    public required RateTable Rates { get; init; }

    /// <summary>The hold text for the account (<c>arc_holdmessage</c>); empty when not on hold.</summary>
    public string HoldMessage => HoldSentence.ForAccount(Hold, Collector);

    /// <summary>
    /// Credit still available before any new order: the tighter of the own limit and every group
    /// limit (converted to the credit currency); <c>null</c> when no limit applies or figures are missing.
    /// </summary>
    public decimal? AvailableCredit => CreditCheck.Available(this, Exposure.Total, 0m);
}
