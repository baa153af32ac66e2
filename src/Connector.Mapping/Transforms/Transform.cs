using System.Diagnostics.CodeAnalysis;
using Connector.Mapping.Lookups;

namespace Connector.Mapping.Transforms;

/// <summary>What a value holds after a transform, so a mapping is type-checked when it is loaded.</summary>
internal enum ValueKind
{
    Text,

    /// <summary>A canonical <c>yyyy-MM-dd</c> date (or empty).</summary>
    Date,

    /// <summary>A canonical invariant decimal (or empty).</summary>
    Decimal,
}

/// <summary>
/// One declared step of a field: built and checked once when the file is loaded, then applied to a
/// value per row without lookups. A failure is a row error with a reason that names what was expected.
/// </summary>
internal abstract class Transform
{
    /// <summary>The name in mapping files (<c>trim</c>, <c>date</c> …).</summary>
    public abstract string Name { get; }

    public virtual ValueKind Produces => ValueKind.Text;

    /// <summary>Transforms <paramref name="value"/> in place; <c>false</c> with a reason when the row cannot map.</summary>
    public abstract bool TryApply(ref string value, [NotNullWhen(false)] out string? reason);

    /// <summary>The transform to use for one bound mapper (only <c>lookup</c> needs the store).</summary>
    public virtual Transform Bind(IKeyLookup? lookup) => this;

    protected static string Quote(string value) => value.Length == 0 ? "an empty value" : $"'{value}'";
}
