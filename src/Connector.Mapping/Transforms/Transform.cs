using System.Diagnostics.CodeAnalysis;

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

    /// <summary>What the value holds after this transform when it held <paramref name="input"/> before (a <c>when</c> depends on it).</summary>
    public virtual ValueKind Output(ValueKind input) => Produces;

    /// <summary>Transforms <paramref name="value"/> in place; <c>false</c> with a reason when the row cannot map.</summary>
    public abstract bool TryApply(ref string value, [NotNullWhen(false)] out string? reason);

    /// <summary>
    /// As <see cref="TryApply(ref string, out string?)"/>, with the whole source row at hand (in the order of the header the
    /// transform was bound to) for the transforms that read another column (<c>addDays</c>, <c>sign</c>, <c>when</c>).
    /// </summary>
    public virtual bool TryApply(ref string value, string[] row, [NotNullWhen(false)] out string? reason) => TryApply(ref value, out reason);

    /// <summary>
    /// <see cref="TryApply(ref string, string[], out string?)"/> on text in place, for <see cref="Rows.RowMapper.TryFingerprint"/>:
    /// <paramref name="value"/> is the value (<paramref name="column"/> the source column it still is untouched, else -1), new text
    /// goes into <paramref name="scratch"/>. Must give exactly the text the string form gives; <c>false</c> means "not decided
    /// here" (the row is then mapped the ordinary way, which gives the reason when there is one), never a rejection of its own.
    /// This default runs the string form on a string of the value.
    /// </summary>
    internal virtual bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, Rows.RowScratch scratch, Rows.IRowSpans row)
    {
        var text = column >= 0 ? row.Text(column) : value.ToString();
        if (!TryApply(ref text, out _))
        {
            return false;
        }

        value = text;
        column = -1;
        return true;
    }

    /// <summary>Whether <see cref="TryApplySpan"/> can decide rows at all (<c>lookup</c> depends on what lands, so it cannot).</summary>
    internal virtual bool HasSpanForm => true;

    /// <summary>The transform to use for one bound mapper: columns resolved against its header, the store for <c>lookup</c>.</summary>
    public virtual Transform Bind(TransformBinding binding) => this;

    protected static string Quote(string value) => value.Length == 0 ? "an empty value" : $"'{value}'";
}

/// <summary>What a transform is bound to: the header's column resolver and the ledger for lookups.</summary>
/// <param name="Lookup">Finds records by alternate key (<c>lookup</c>); <c>null</c> where there is no ledger.</param>
/// <param name="Resolve">A column name and what reads it (for the message when the header lacks it) → its position, or -1.</param>
internal sealed record TransformBinding(Lookups.IKeyLookup? Lookup, Func<string, string, int> Resolve)
{
    /// <summary>A row's value at <paramref name="column"/>; a short row reads as empty rather than crashing the run.</summary>
    public static string At(string[] row, int column) => (uint)column < (uint)row.Length ? row[column] ?? string.Empty : string.Empty;
}
