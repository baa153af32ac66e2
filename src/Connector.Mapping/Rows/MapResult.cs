using Connector.Mapping.Canonical;

namespace Connector.Mapping.Rows;

/// <summary>What became of one source row.</summary>
public enum MapOutcome
{
    /// <summary>A canonical record was made.</summary>
    Mapped,

    /// <summary>A filter left the row out on purpose; counted, not quarantined.</summary>
    Filtered,

    /// <summary>A field could not be made; the row goes to dead letters with the field and reason.</summary>
    Rejected,
}

/// <summary>
/// The result of mapping one row. <see cref="Record"/> is set when mapped; <see cref="Reason"/> says
/// which filter left the row out, or (with <see cref="Field"/>, the canonical field) what was expected and found.
/// </summary>
public readonly record struct MapResult(MapOutcome Outcome, CanonicalRecord? Record, string? Field, string? Reason)
{
    internal static MapResult Rejected(string field, string reason) => new(MapOutcome.Rejected, null, field, reason);
}
