using System.Diagnostics.CodeAnalysis;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Transforms;

/// <summary>
/// <c>stripLeadingZeros</c>: <c>0000012345</c> → <c>12345</c> (SAP's customer numbers); a value of zeros only keeps one
/// (<c>0</c>). Surrounding spaces are removed first, so <c> 00042</c> and <c>42</c> are one key.
/// </summary>
internal sealed class StripLeadingZerosTransform : Transform
{
    public static readonly StripLeadingZerosTransform Instance = new();

    public override string Name => "stripLeadingZeros";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        var trimmed = value.AsSpan().Trim();
        var start = 0;
        while (start < trimmed.Length - 1 && trimmed[start] == '0')
        {
            start++;
        }

        if (start > 0 || trimmed.Length != value.Length)
        {
            value = trimmed[start..].ToString();
        }

        return true;
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        var trimmed = value.Trim();
        var start = 0;
        while (start < trimmed.Length - 1 && trimmed[start] == '0')
        {
            start++;
        }

        if (start > 0 || trimmed.Length != value.Length)
        {
            value = trimmed[start..];
            column = -1;
        }

        return true;
    }
}

/// <summary>
/// <c>padLeft</c>: fills a value on the left up to <c>length</c> characters (<c>12345</c> → <c>0000012345</c>); with
/// <c>digitsOnly</c> only values of digits are padded, as SAP pads numeric keys and leaves <c>CUST-A</c> alone. A longer
/// value is kept whole (padding never cuts). An empty value stays empty.
/// </summary>
internal sealed class PadLeftTransform(int length, char with, bool digitsOnly) : Transform
{
    public override string Name => "padLeft";

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length >= length || (digitsOnly && trimmed.AsSpan().ContainsAnyExceptInRange('0', '9')))
        {
            value = trimmed;
            return true;
        }

        value = trimmed.PadLeft(length, with);
        return true;
    }
}
