namespace Connector.Domain.Credit;

public enum HoldTransitionKind
{
    /// <summary>A rule or a person put the customer on hold.</summary>
    Placed,

    /// <summary>No rule fires any more, so the hold lifted by itself.</summary>
    ReleasedAutomatically,

    /// <summary>A person released the hold (with reason and expiry).</summary>
    ReleasedByPerson,

    /// <summary>Still on hold, but for a different set of reasons.</summary>
    ReasonsChanged,

    /// <summary>A one-order override let an order pass that the check would have blocked.</summary>
    OverrideUsed,
}

/// <summary>
/// A change of a customer's credit state, ready to be written as an audit event: who, when, which
/// rules or what reason, and the figures in words.
/// </summary>
public sealed record HoldTransition
{
    public required HoldTransitionKind Kind { get; init; }
    public required string CustomerId { get; init; }

    /// <summary>The order, for <see cref="HoldTransitionKind.OverrideUsed"/>.</summary>
    public string? OrderId { get; init; }

    public required DateOnly On { get; init; }

    /// <summary>The person, or <see cref="ByRules"/> when the rules decided.</summary>
    public required string By { get; init; }

    /// <summary>The hold codes in force after the change (before it, for a release).</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>The reason a person gave (release, override, manual hold).</summary>
    public string? Reason { get; init; }

    /// <summary>Until when a release or override is in force.</summary>
    public DateOnly? Until { get; init; }

    private readonly Func<string>? describe;
    private string? details;

    /// <summary>The figures in words (the hold sentence); built on first read.</summary>
    public string Details
    {
        get => details ??= describe?.Invoke() ?? "";
        init => details = value;
    }

    /// <summary>Builds <see cref="Details"/> when it is first read, so an evaluation formats no text nobody reads.</summary>
    internal Func<string>? Describe
    {
        init => describe = value;
    }

    public const string ByRules = "credit rules";
}
