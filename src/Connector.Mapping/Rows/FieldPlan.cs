using Connector.Mapping.Canonical;
using Connector.Mapping.Transforms;

namespace Connector.Mapping.Rows;

/// <summary>
/// A field compiled against one header: column positions resolved and transforms in an array, so
/// mapping a row walks arrays only.
/// </summary>
internal sealed class FieldPlan
{
    public required int Index { get; init; }

    public required CanonicalField Field { get; init; }

    public required bool IsKey { get; init; }

    /// <summary>The source column's position, or -1 for a constant or a concatenation.</summary>
    public required int Column { get; init; }

    public int[]? Columns { get; init; }

    public string Separator { get; init; } = string.Empty;

    public string? Constant { get; init; }

    public required Transform[] Transforms { get; init; }

    /// <summary>The last transform already writes the canonical form of the field's type.</summary>
    public required bool ProducesCanonical { get; init; }
}
