using System.Diagnostics.CodeAnalysis;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Transforms;

/// <summary><c>trim</c>: removes surrounding white space.</summary>
internal sealed class TrimTransform : Transform
{
    public static readonly TrimTransform Instance = new();

    public override string Name => "trim";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        value = value.Trim();
        reason = null;
        return true;
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        var trimmed = value.Trim();
        if (trimmed.Length != value.Length)
        {
            value = trimmed;
            column = -1;
        }

        return true;
    }
}

/// <summary><c>upper</c>: invariant upper case (ERP codes, currency codes).</summary>
internal sealed class UpperTransform : Transform
{
    public static readonly UpperTransform Instance = new();

    public override string Name => "upper";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        value = value.ToUpperInvariant();
        reason = null;
        return true;
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        var room = scratch.Take(value.Length);
        var written = value.ToUpperInvariant(room);
        if (written != value.Length)
        {
            return false;
        }

        if (!room.SequenceEqual(value))
        {
            value = room;
            column = -1;
        }

        return true;
    }
}

/// <summary><c>lower</c>: invariant lower case (e-mail addresses, choice codes).</summary>
internal sealed class LowerTransform : Transform
{
    public static readonly LowerTransform Instance = new();

    public override string Name => "lower";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        value = value.ToLowerInvariant();
        reason = null;
        return true;
    }
}

/// <summary><c>default</c>: a value for an empty (or blank) field.</summary>
internal sealed class DefaultTransform(string fallback) : Transform
{
    public override string Name => "default";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            value = fallback;
        }

        reason = null;
        return true;
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        if (value.IsWhiteSpace())
        {
            value = fallback;
            column = -1;
        }

        return true;
    }
}

/// <summary><c>constant</c>: always the same value, whatever the row holds.</summary>
internal sealed class ConstantTransform(string constant) : Transform
{
    public override string Name => "constant";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        value = constant;
        reason = null;
        return true;
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        value = constant;
        column = -1;
        return true;
    }
}

/// <summary>
/// <c>concat</c>: only ever the first transform of a <c>columns</c> field; the row mapper joins the
/// columns itself (with <see cref="Separator"/>), so applying it to one value changes nothing.
/// </summary>
internal sealed class ConcatTransform(string separator) : Transform
{
    public override string Name => "concat";

    public string Separator { get; } = separator;

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        return true;
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row) => true;
}

/// <summary><c>substring</c>: the characters from <c>start</c> (0-based), at most <c>length</c>; a short value gives what is there.</summary>
internal sealed class SubstringTransform(int start, int? length) : Transform
{
    public override string Name => "substring";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (start >= value.Length)
        {
            value = string.Empty;
            return true;
        }

        var available = value.Length - start;
        var take = length is { } l && l < available ? l : available;
        if (start > 0 || take < value.Length)
        {
            value = value.Substring(start, take);
        }

        return true;
    }
}
