using System.Diagnostics.CodeAnalysis;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Transforms;

/// <summary>
/// <c>sign</c>: puts on an unsigned amount the sign an indicator column gives (SAP's debit/credit indicator
/// <c>SHKZG</c>: <c>S</c> positive, <c>H</c> negative). An indicator the mapping does not list, or an amount that
/// already carries a minus, is a row error: which of the two signs is meant cannot be known.
/// </summary>
internal sealed class SignTransform : Transform
{
    private readonly string[] negative;
    private readonly string[] positive;
    private readonly int column;
    private readonly string expected;

    public SignTransform(string sourceColumn, IReadOnlyList<string> negative, IReadOnlyList<string> positive)
        : this(sourceColumn, [.. negative], [.. positive], -1)
    {
    }

    private SignTransform(string sourceColumn, string[] negative, string[] positive, int column)
    {
        SourceColumn = sourceColumn;
        this.negative = negative;
        this.positive = positive;
        this.column = column;
        static string List(string[] values) => string.Join(" or ", values.Select(static v => v.Length == 0 ? "an empty value" : v));
        expected = $"expected {List(positive)} (positive) or {List(negative)} (negative) in column '{sourceColumn}' (sign), got ";
    }

    public override string Name => "sign";

    public string SourceColumn { get; }

    public override ValueKind Produces => ValueKind.Decimal;

    public override Transform Bind(TransformBinding binding) =>
        new SignTransform(SourceColumn, negative, positive, binding.Resolve(SourceColumn, "'sign'"));

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = $"'sign' reads column '{SourceColumn}', which is not bound here";
        return false;
    }

    public override bool TryApply(ref string value, string[] row, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (column < 0)
        {
            return TryApply(ref value, out reason);
        }

        if (value.Length == 0)
        {
            return true;
        }

        var indicator = TransformBinding.At(row, column).AsSpan().Trim();
        bool negate;
        if (Contains(negative, indicator))
        {
            negate = true;
        }
        else if (Contains(positive, indicator))
        {
            negate = false;
        }
        else
        {
            reason = expected + Quote(indicator.ToString());
            return false;
        }

        if (!CanonicalValue.TryParseDecimal(value, out var number))
        {
            reason = $"expected a number like 1234.56 to sign, got {Quote(value)}";
            return false;
        }

        if (number < 0m)
        {
            reason = $"expected an unsigned amount (the sign comes from column '{SourceColumn}'), got {Quote(value)}";
            return false;
        }

        if (negate && number != 0m)
        {
            value = CanonicalValue.FormatDecimal(-number);
        }

        return true;
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        if (this.column < 0)
        {
            return false;
        }

        if (value.Length == 0)
        {
            return true;
        }

        var indicator = this.column < row.Count ? row.Span(this.column).Trim() : default;
        bool negate;
        if (Contains(negative, indicator))
        {
            negate = true;
        }
        else if (Contains(positive, indicator))
        {
            negate = false;
        }
        else
        {
            return false;
        }

        if (!CanonicalValue.TryParseDecimalSpan(value, out var number) || number < 0m)
        {
            return false;
        }

        if (negate && number != 0m)
        {
            value = CanonicalValue.WriteDecimal(-number, scratch);
            column = -1;
        }

        return true;
    }

    private static bool Contains(string[] values, ReadOnlySpan<char> indicator)
    {
        foreach (var candidate in values)
        {
            if (indicator.Equals(candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
