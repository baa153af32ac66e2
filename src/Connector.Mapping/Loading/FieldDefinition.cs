using Connector.Mapping.Canonical;
using Connector.Mapping.Transforms;

namespace Connector.Mapping.Loading;

/// <summary>
/// One checked entry of a file's <c>fields</c>: where the value comes from (one column, several joined,
/// or a constant) and its transforms. Columns are named here; <see cref="EntityMapping.Bind"/> resolves them.
/// </summary>
internal sealed record FieldDefinition(
    int Index,
    CanonicalField Field,
    string? Column,
    IReadOnlyList<string>? Columns,
    string? Separator,
    string? Constant,
    IReadOnlyList<Transform> Transforms,
    bool ProducesCanonical)
{
    /// <summary>With <see cref="Column"/>: the column's position in the header (1 is the first), for a header that names it more than once.</summary>
    public int? Position { get; init; }
}
