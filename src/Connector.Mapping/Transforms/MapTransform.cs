using System.Diagnostics.CodeAnalysis;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Transforms;

/// <summary>What a value map does with a value it does not list.</summary>
internal enum UnmappedPolicy
{
    /// <summary>The row is rejected (the safe choice: a new ERP code is noticed, not guessed).</summary>
    Error,

    Default,

    Empty,
}

/// <summary>
/// <c>map</c>: translates ERP codes into canonical ones (<c>RV</c> → <c>invoice</c>). An empty value is
/// left empty unless the map lists the empty string, so optional fields stay optional.
/// </summary>
internal sealed class MapTransform : Transform
{
    private readonly Dictionary<string, string> values;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> spanValues;
    private readonly UnmappedPolicy unmapped;
    private readonly string fallback;
    private readonly bool mapsEmpty;
    private readonly string expected;

    public MapTransform(IReadOnlyDictionary<string, string> values, UnmappedPolicy unmapped, string? fallback, bool ignoreCase)
    {
        this.values = new Dictionary<string, string>(values, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        this.unmapped = unmapped;
        this.fallback = fallback ?? string.Empty;
        mapsEmpty = this.values.ContainsKey(string.Empty);
        spanValues = this.values.GetAlternateLookup<ReadOnlySpan<char>>();
        const int Shown = 12;
        var listed = values.Keys.Take(Shown).Select(static k => k.Length == 0 ? "an empty value" : k);
        expected = $"expected one of {string.Join(", ", listed)}{(values.Count > Shown ? ", …" : string.Empty)} (value map, unmapped: error), got ";
    }

    public override string Name => "map";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (values.TryGetValue(value, out var mapped))
        {
            value = mapped;
            return true;
        }

        if (value.Length == 0 && !mapsEmpty)
        {
            return true;
        }

        switch (unmapped)
        {
            case UnmappedPolicy.Default:
                value = fallback;
                return true;
            case UnmappedPolicy.Empty:
                value = string.Empty;
                return true;
            default:
                reason = expected + Quote(value);
                return false;
        }
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        if (spanValues.TryGetValue(value, out var mapped))
        {
            value = mapped;
            column = -1;
            return true;
        }

        if (value.Length == 0 && !mapsEmpty)
        {
            return true;
        }

        switch (unmapped)
        {
            case UnmappedPolicy.Default:
                value = fallback;
                column = -1;
                return true;
            case UnmappedPolicy.Empty:
                value = string.Empty;
                column = -1;
                return true;
            default:
                return false;
        }
    }
}
