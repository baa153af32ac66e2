using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Transforms;

/// <summary>
/// <c>decimal</c>: parses a number as the ERP writes it (culture, thousands separators, parentheses
/// for negatives, a currency symbol, a trailing minus as SAP prints it) into the canonical invariant form.
/// </summary>
internal sealed class DecimalTransform : Transform
{
    private readonly CultureInfo culture;
    private readonly NumberStyles styles;
    private readonly string expected;
    private readonly bool thousands;

    public DecimalTransform(CultureInfo culture, bool thousands, bool parentheses, bool currencySymbol)
    {
        this.culture = culture;
        this.thousands = thousands;
        styles = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign
            | NumberStyles.AllowTrailingSign | NumberStyles.AllowDecimalPoint;
        if (thousands)
        {
            styles |= NumberStyles.AllowThousands;
        }

        if (parentheses)
        {
            styles |= NumberStyles.AllowParentheses;
        }

        if (currencySymbol)
        {
            styles |= NumberStyles.AllowCurrencySymbol;
        }

        var format = culture.NumberFormat;
        var example = "-1" + (thousands ? format.NumberGroupSeparator : string.Empty) + "234" + format.NumberDecimalSeparator + "56";
        var name = culture.Name.Length == 0 ? string.Empty : $" ({culture.Name})";
        expected = $"expected a number like {example}{name}{(parentheses ? " or in parentheses" : string.Empty)}, got ";
    }

    public override string Name => "decimal";

    public override ValueKind Produces => ValueKind.Decimal;

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            value = string.Empty;
            return true;
        }

        if (decimal.TryParse(value, styles, culture, out var number))
        {
            value = CanonicalValue.FormatDecimal(number);
            return true;
        }

        reason = expected + Quote(value);
        if (!thousands && decimal.TryParse(value, styles | NumberStyles.AllowThousands, culture, out _))
        {
            reason += " (thousands separators are not allowed here: set \"thousands\": true)";
        }

        return false;
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        if (value.IsWhiteSpace())
        {
            value = string.Empty;
            column = -1;
            return true;
        }

        if (!decimal.TryParse(value, styles, culture, out var number))
        {
            return false;
        }

        value = CanonicalValue.WriteDecimal(number, scratch);
        column = -1;
        return true;
    }
}

/// <summary><c>negate</c>: flips the sign of a canonical decimal (ERPs that store receivables as credits).</summary>
internal sealed class NegateTransform : Transform
{
    public static readonly NegateTransform Instance = new();

    public override string Name => "negate";

    public override ValueKind Produces => ValueKind.Decimal;

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (value.Length == 0)
        {
            return true;
        }

        if (CanonicalValue.TryParseDecimal(value, out var number))
        {
            value = CanonicalValue.FormatDecimal(-number);
            return true;
        }

        reason = $"expected a number like -1234.56 to negate, got {Quote(value)}";
        return false;
    }
}
