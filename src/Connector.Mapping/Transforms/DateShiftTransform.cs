using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Transforms;

/// <summary>Whether <c>addDays</c> or <c>addMonths</c>.</summary>
internal enum DateUnit
{
    Days,
    Months,
}

/// <summary>
/// <c>addDays</c> / <c>addMonths</c>: moves a canonical date by a constant or by a whole number read from another column
/// of the row (SAP's due date: baseline date <c>ZFBDT</c> + <c>ZBD1T</c> days). Months keep the day where the month has it
/// and otherwise give the month's last day (31 January + 1 month is 28 February). An empty date stays empty.
/// </summary>
internal sealed class DateShiftTransform : Transform
{
    private readonly DateUnit unit;
    private readonly int amount;
    private readonly int? fallback;
    private readonly int column;

    public DateShiftTransform(DateUnit unit, int amount, string? sourceColumn, int? fallback)
        : this(unit, amount, sourceColumn, fallback, -1)
    {
    }

    private DateShiftTransform(DateUnit unit, int amount, string? sourceColumn, int? fallback, int column)
    {
        this.unit = unit;
        this.amount = amount;
        SourceColumn = sourceColumn;
        this.fallback = fallback;
        this.column = column;
    }

    public override string Name => unit == DateUnit.Days ? "addDays" : "addMonths";

    /// <summary>The column holding the number of days or months, or <c>null</c> for a constant.</summary>
    public string? SourceColumn { get; }

    public override ValueKind Produces => ValueKind.Date;

    public override Transform Bind(TransformBinding binding) => SourceColumn is null
        ? this
        : new DateShiftTransform(unit, amount, SourceColumn, fallback, binding.Resolve(SourceColumn, $"'{Name}'"));

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason) =>
        SourceColumn is null ? Shift(ref value, amount, out reason) : Unbound(out reason);

    public override bool TryApply(ref string value, string[] row, [NotNullWhen(false)] out string? reason)
    {
        if (SourceColumn is null)
        {
            return Shift(ref value, amount, out reason);
        }

        if (column < 0)
        {
            return Unbound(out reason);
        }

        if (value.Length == 0)
        {
            reason = null;
            return true;
        }

        var text = TransformBinding.At(row, column).Trim();
        int count;
        if (text.Length == 0 && fallback is { } given)
        {
            count = given;
        }
        else if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count))
        {
            var what = unit == DateUnit.Days ? "days" : "months";
            reason = $"expected a whole number of {what} in column '{SourceColumn}' ({Name}), got {Quote(text)}";
            return false;
        }

        return Shift(ref value, count, out reason);
    }

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        var count = amount;
        if (SourceColumn is not null)
        {
            if (this.column < 0)
            {
                return false;
            }

            if (value.Length == 0)
            {
                return true;
            }

            var text = this.column < row.Count ? row.Span(this.column).Trim() : default;
            if (text.Length == 0 && fallback is { } given)
            {
                count = given;
            }
            else if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count))
            {
                return false;
            }
        }

        if (value.Length == 0)
        {
            return true;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        try
        {
            value = CanonicalValue.WriteDate(unit == DateUnit.Days ? date.AddDays(count) : date.AddMonths(count), scratch);
            column = -1;
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private bool Shift(ref string value, int count, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (value.Length == 0)
        {
            return true;
        }

        if (!CanonicalValue.TryParseDate(value, out var date))
        {
            reason = $"expected a date yyyy-MM-dd to move ({Name}), got {Quote(value)}";
            return false;
        }

        try
        {
            value = CanonicalValue.FormatDate(unit == DateUnit.Days ? date.AddDays(count) : date.AddMonths(count));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            var what = unit == DateUnit.Days ? "days" : "months";
            reason = string.Create(CultureInfo.InvariantCulture, $"{value} + {count} {what} is outside the calendar ({Name})");
            return false;
        }
    }

    private bool Unbound([NotNullWhen(false)] out string? reason)
    {
        reason = $"'{Name}' reads column '{SourceColumn}', which is not bound here";
        return false;
    }
}
