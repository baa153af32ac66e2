namespace Connector.Mapping.Canonical;

/// <summary>What a canonical field holds once mapped, and so which canonical text form it is stored in.</summary>
public enum FieldType
{
    /// <summary>Free text, stored as given (trimmed of nothing).</summary>
    Text,

    /// <summary>ISO date <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>Invariant decimal without thousands separators and without trailing zeros (<c>-1234.5</c>).</summary>
    Decimal,

    /// <summary>Invariant integer.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>One of <see cref="CanonicalField.Choices"/>, exactly.</summary>
    Choice,

    /// <summary>An ISO 4217 code: three upper-case letters.</summary>
    Currency,

    /// <summary>Values separated by <c>;</c>.</summary>
    List,
}

/// <summary>One field of a canonical record: its name (as in the canonical CSV header), type and limits.</summary>
public sealed record CanonicalField(string Name, FieldType Type, bool Required, int MaxLength = 200, IReadOnlyList<string>? Choices = null)
{
    /// <summary>For a reference to another entity's key (e.g. <c>customer_id</c> → customers).</summary>
    public CanonicalEntity? References { get; init; }
}
