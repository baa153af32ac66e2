using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Transforms;

/// <summary>
/// <c>date</c>: parses exactly one of the declared formats in the ERP's culture into <c>yyyy-MM-dd</c>.
/// An impossible date (<c>31.02.2026</c>) is a row error, and so is a value that two formats read as
/// different dates (<c>03/04/2026</c> under <c>dd/MM/yyyy</c> and <c>MM/dd/yyyy</c>): guessing would
/// silently move due dates by months.
/// </summary>
internal sealed class DateTransform : Transform
{
    private const DateTimeStyles Styles = DateTimeStyles.AllowLeadingWhite | DateTimeStyles.AllowTrailingWhite;
    private readonly string[] formats;
    private readonly NumericDateFormat?[] numeric;
    private readonly CultureInfo culture;
    private readonly string expected;

    public DateTransform(IReadOnlyList<string> formats, CultureInfo culture)
    {
        this.formats = [.. formats];
        this.culture = culture;
        numeric = [.. this.formats.Select(f => NumericDateFormat.TryCreate(f, culture))];
        var name = culture.Name.Length == 0 ? string.Empty : $" ({culture.Name})";
        expected = $"expected a date like {string.Join(" or ", this.formats)}{name}, got ";
    }

    public override string Name => "date";

    public override ValueKind Produces => ValueKind.Date;

    /// <summary>Why a format cannot be used, or <c>null</c> when it reads back the dates it writes.</summary>
    public static string? CheckFormat(string format, CultureInfo culture)
    {
        if (!format.Contains('y', StringComparison.Ordinal) || !format.Contains('M', StringComparison.Ordinal) || !format.Contains('d', StringComparison.Ordinal))
        {
            return $"date format '{format}' needs a year (y), a month (M) and a day (d)";
        }

        try
        {
            var probe = new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Unspecified);
            var text = probe.ToString(format, culture);
            return DateTime.TryParseExact(text, format, culture, Styles, out var back) && back.Date == probe
                ? null
                : $"date format '{format}' cannot read back the dates it writes ('{text}')";
        }
        catch (FormatException)
        {
            return $"invalid date format '{format}'";
        }
    }

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            value = string.Empty;
            return true;
        }

        var found = -1;
        DateOnly date = default;
        for (var i = 0; i < formats.Length; i++)
        {
            if (!TryParse(i, value, out var candidate))
            {
                continue;
            }

            if (found < 0)
            {
                found = i;
                date = candidate;
            }
            else if (candidate != date)
            {
                reason = $"ambiguous date '{value}': {formats[found]} reads it as {CanonicalValue.FormatDate(date)}, {formats[i]} as {CanonicalValue.FormatDate(candidate)}";
                return false;
            }
        }

        if (found < 0)
        {
            reason = Impossible(value) ?? expected + Quote(value);
            return false;
        }

        value = CanonicalValue.FormatDate(date);
        return true;
    }

    /// <summary>One all-digit format and a value of its length (what ERP exports hold): read in place; anything else as a string.</summary>
    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        if (value.IsWhiteSpace())
        {
            value = string.Empty;
            column = -1;
            return true;
        }

        if (formats.Length != 1 || this.numeric[0] is not { } numeric || value.Length != numeric.Length)
        {
            return base.TryApplySpan(ref value, ref column, scratch, row);
        }

        if (!numeric.TryParse(value, out var date))
        {
            return false;
        }

        value = CanonicalValue.WriteDate(date, scratch);
        column = -1;
        return true;
    }

    /// <summary>Why a value written in one of the formats is still no date (<c>31.02.2026</c>), or <c>null</c>.</summary>
    private string? Impossible(string value)
    {
        for (var i = 0; i < formats.Length; i++)
        {
            if (this.numeric[i] is { } numeric && value.Length == numeric.Length && numeric.Impossible(value) is { } why)
            {
                return $"no such date {Quote(value)} (read as {formats[i]}: {why})";
            }
        }

        return null;
    }

    private bool TryParse(int format, string value, out DateOnly date)
    {
        if (this.numeric[format] is { } numeric && value.Length == numeric.Length)
        {
            return numeric.TryParse(value, out date);
        }

        if (DateTime.TryParseExact(value, formats[format], culture, Styles, out var parsed))
        {
            date = DateOnly.FromDateTime(parsed);
            return true;
        }

        date = default;
        return false;
    }
}

/// <summary>
/// A fast reader for all-digit formats (<c>dd.MM.yyyy</c>, <c>yyyy-MM-dd</c>, <c>MM/dd/yyyy</c>): fixed
/// positions, no culture work per row. Gives the same answers as <see cref="DateTime.TryParseExact(string, string, IFormatProvider, DateTimeStyles, out DateTime)"/>
/// for values of the format's length; other values go to the general parser.
/// </summary>
internal sealed class NumericDateFormat
{
    private readonly int day;
    private readonly int month;
    private readonly int year;
    private readonly (int Position, char Literal)[] literals;

    private NumericDateFormat(int day, int month, int year, (int, char)[] literals, int length)
    {
        this.day = day;
        this.month = month;
        this.year = year;
        this.literals = literals;
        Length = length;
    }

    public int Length { get; }

    public static NumericDateFormat? TryCreate(string format, CultureInfo culture)
    {
        int day = -1, month = -1, year = -1, position = 0;
        var literals = new List<(int, char)>();
        for (var i = 0; i < format.Length;)
        {
            var rest = format.AsSpan(i);
            if (rest.StartsWith("yyyy", StringComparison.Ordinal) && !rest[4..].StartsWith("y", StringComparison.Ordinal) && year < 0)
            {
                (year, position, i) = (position, position + 4, i + 4);
            }
            else if (rest.StartsWith("MM", StringComparison.Ordinal) && !rest[2..].StartsWith("M", StringComparison.Ordinal) && month < 0)
            {
                (month, position, i) = (position, position + 2, i + 2);
            }
            else if (rest.StartsWith("dd", StringComparison.Ordinal) && !rest[2..].StartsWith("d", StringComparison.Ordinal) && day < 0)
            {
                (day, position, i) = (position, position + 2, i + 2);
            }
            else if (format[i] == '/' && culture.DateTimeFormat.DateSeparator is { Length: 1 } separator)
            {
                literals.Add((position++, separator[0]));
                i++;
            }
            else if (format[i] is '.' or '-' or ' ' or '_' or ',')
            {
                literals.Add((position++, format[i]));
                i++;
            }
            else
            {
                return null;
            }
        }

        return day < 0 || month < 0 || year < 0 ? null : new NumericDateFormat(day, month, year, [.. literals], position);
    }

    public bool TryParse(ReadOnlySpan<char> value, out DateOnly date)
    {
        date = default;
        foreach (var (position, literal) in literals)
        {
            if (value[position] != literal)
            {
                return false;
            }
        }

        if (!TryDigits(value, this.year, 4, out var year) || !TryDigits(value, this.month, 2, out var month) || !TryDigits(value, this.day, 2, out var day))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>
    /// For a value of this format's shape (digits and separators in place) that is still no date, what is wrong
    /// with it (<c>February 2026 has 28 days</c>, <c>there is no month 13</c>); otherwise <c>null</c>.
    /// </summary>
    public string? Impossible(string value)
    {
        foreach (var (position, literal) in literals)
        {
            if (value[position] != literal)
            {
                return null;
            }
        }

        if (!TryDigits(value, this.year, 4, out var year) || !TryDigits(value, this.month, 2, out var month) || !TryDigits(value, this.day, 2, out var day))
        {
            return null;
        }

        if (year < 1)
        {
            return "there is no year 0";
        }

        if (month is < 1 or > 12)
        {
            return string.Create(CultureInfo.InvariantCulture, $"there is no month {month}");
        }

        var days = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
        {
            var name = DateTimeFormatInfo.InvariantInfo.GetMonthName(month);
            return day < 1 ? "there is no day 0" : string.Create(CultureInfo.InvariantCulture, $"{name} {year} has {days} days");
        }

        return null;
    }

    private static bool TryDigits(ReadOnlySpan<char> value, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = value[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }
}
