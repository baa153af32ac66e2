using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Connector.Mapping.Canonical;

namespace Connector.Mapping.Rows;

/// <summary>
/// Turns a transformed value into its canonical text form (the one the canonical CSV reader accepts),
/// so equal business data hashes equal however the ERP wrote it; anything else is a row error.
/// </summary>
internal static class CanonicalValue
{
    private const NumberStyles InvariantNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <param name="field">The field the value is for.</param>
    /// <param name="isKey">Whether the field is part of the record key (an empty key has its own message).</param>
    /// <param name="isCanonical">Whether a transform already produced the canonical form (skips parsing it again).</param>
    /// <param name="value">The value after transforms.</param>
    /// <param name="canonical">The canonical text, <c>null</c> for an empty optional field.</param>
    /// <param name="reason">What was expected and what was found.</param>
    public static bool TryNormalise(CanonicalField field, bool isKey, bool isCanonical, string value, out string? canonical, [NotNullWhen(false)] out string? reason)
    {
        canonical = null;
        reason = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            if (isKey)
            {
                reason = $"key field '{field.Name}' is empty";
                return false;
            }

            if (field.Required)
            {
                reason = "required, got an empty value";
                return false;
            }

            return true;
        }

        switch (field.Type)
        {
            case FieldType.Text:
                canonical = value;
                break;
            case FieldType.Date:
                if (isCanonical)
                {
                    canonical = value;
                }
                else if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    canonical = FormatDate(date);
                }
                else
                {
                    reason = $"expected a date yyyy-MM-dd (add a 'date' transform for other formats), got '{value}'";
                    return false;
                }

                break;
            case FieldType.Decimal:
                if (isCanonical)
                {
                    canonical = value;
                }
                else if (TryParseDecimal(value, out var number))
                {
                    canonical = FormatDecimal(number);
                }
                else
                {
                    reason = $"expected a number like -1234.56 (add a 'decimal' transform for other formats), got '{value}'";
                    return false;
                }

                break;
            case FieldType.Integer:
                if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    canonical = integer.ToString(CultureInfo.InvariantCulture);
                }
                else if (TryParseDecimal(value, out var whole) && whole == decimal.Truncate(whole) && whole is >= int.MinValue and <= int.MaxValue)
                {
                    canonical = ((int)whole).ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    reason = $"expected a whole number, got '{value}'";
                    return false;
                }

                break;
            case FieldType.Boolean:
                if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
                {
                    canonical = "true";
                }
                else if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
                {
                    canonical = "false";
                }
                else
                {
                    reason = $"expected true or false (map the ERP's values), got '{value}'";
                    return false;
                }

                break;
            case FieldType.Choice:
                canonical = Choice(field, value);
                if (canonical is null)
                {
                    reason = $"expected one of {string.Join(", ", field.Choices ?? [])}, got '{value}'";
                    return false;
                }

                break;
            case FieldType.Currency:
                if (value.Length == 3 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]) && char.IsAsciiLetter(value[2]))
                {
                    canonical = value.ToUpperInvariant();
                }
                else
                {
                    reason = $"expected a currency code (three letters), got '{value}'";
                    return false;
                }

                break;
            case FieldType.List:
                canonical = string.Join(';', value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                if (canonical.Length == 0)
                {
                    canonical = null;
                    if (field.Required)
                    {
                        reason = "required, got an empty list";
                        return false;
                    }

                    return true;
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown field type {field.Type}.");
        }

        if (canonical.Length > field.MaxLength)
        {
            reason = $"expected at most {field.MaxLength} characters, got {canonical.Length}";
            canonical = null;
            return false;
        }

        return true;
    }

    /// <summary>
    /// <see cref="TryNormalise"/> on text in place, for a fingerprint: <c>false</c> when it cannot decide here (a value the
    /// string form rejects, or a type it leaves to the string form); otherwise <paramref name="canonical"/> is what the string
    /// form gives, and <paramref name="isNull"/> says when that is <c>null</c>.
    /// </summary>
    public static bool TryNormaliseSpan(CanonicalField field, bool isKey, bool isCanonical, ReadOnlySpan<char> value, RowScratch scratch, out ReadOnlySpan<char> canonical, out bool isNull)
    {
        canonical = default;
        isNull = false;
        if (value.IsWhiteSpace())
        {
            isNull = true;
            return !isKey && !field.Required;
        }

        switch (field.Type)
        {
            case FieldType.Text:
                canonical = value;
                break;
            case FieldType.Date:
                if (isCanonical)
                {
                    canonical = value;
                }
                else if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    canonical = WriteDate(date, scratch);
                }
                else
                {
                    return false;
                }

                break;
            case FieldType.Decimal:
                if (isCanonical)
                {
                    canonical = value;
                }
                else if (decimal.TryParse(value, InvariantNumber, CultureInfo.InvariantCulture, out var number))
                {
                    canonical = WriteDecimal(number, scratch);
                }
                else
                {
                    return false;
                }

                break;
            case FieldType.Integer:
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return false;
                }

                var room = scratch.Take(11);
                integer.TryFormat(room, out var written, default, CultureInfo.InvariantCulture);
                canonical = scratch.Keep(room, written);
                break;
            case FieldType.Boolean:
                if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    canonical = "true";
                }
                else if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    canonical = "false";
                }
                else
                {
                    return false;
                }

                break;
            case FieldType.Choice:
                string? choice = null;
                foreach (var candidate in field.Choices ?? [])
                {
                    if (value.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                    {
                        choice = candidate;
                        break;
                    }
                }

                if (choice is null)
                {
                    return false;
                }

                canonical = choice;
                break;
            case FieldType.Currency:
                if (value.Length != 3 || !char.IsAsciiLetter(value[0]) || !char.IsAsciiLetter(value[1]) || !char.IsAsciiLetter(value[2]))
                {
                    return false;
                }

                var upper = scratch.Take(3);
                value.ToUpperInvariant(upper);
                canonical = upper;
                break;
            case FieldType.List:
                var list = scratch.Take(value.Length);
                var length = 0;
                foreach (var range in value.Split(';'))
                {
                    var item = value[range].Trim();
                    if (item.IsEmpty)
                    {
                        continue;
                    }

                    if (length > 0)
                    {
                        list[length++] = ';';
                    }

                    item.CopyTo(list[length..]);
                    length += item.Length;
                }

                canonical = scratch.Keep(list, length);
                if (length == 0)
                {
                    canonical = default;
                    isNull = true;
                    return !field.Required;
                }

                break;
            default:
                // Anything new is left to the string form.
                return false;
        }

        return canonical.Length <= field.MaxLength;
    }

    /// <summary><see cref="FormatDecimal"/> written into <paramref name="scratch"/>.</summary>
    public static ReadOnlySpan<char> WriteDecimal(decimal number, RowScratch scratch)
    {
        if (number == 0m)
        {
            return "0";
        }

        var room = scratch.Take(40);
        number.TryFormat(room, out var written, default, CultureInfo.InvariantCulture);
        ReadOnlySpan<char> text = room[..written];
        if (text.Contains('.'))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return scratch.Keep(room, text.Length);
    }

    /// <summary><see cref="FormatDate"/> written into <paramref name="scratch"/>.</summary>
    public static ReadOnlySpan<char> WriteDate(DateOnly date, RowScratch scratch)
    {
        var room = scratch.Take(10);
        WriteDate(date, room);
        return room;
    }

    /// <summary><see cref="TryParseDecimal"/> of text in place.</summary>
    public static bool TryParseDecimalSpan(ReadOnlySpan<char> value, out decimal number) =>
        decimal.TryParse(value, InvariantNumber, CultureInfo.InvariantCulture, out number);

    /// <summary>Parses a canonical (invariant) decimal.</summary>
    public static bool TryParseDecimal(string value, out decimal number) =>
        decimal.TryParse(value, InvariantNumber, CultureInfo.InvariantCulture, out number);

    /// <summary>The canonical text of a decimal: invariant, no thousands separator, no trailing zeros, <c>0</c> for any zero.</summary>
    public static string FormatDecimal(decimal number)
    {
        if (number == 0m)
        {
            return "0";
        }

        Span<char> buffer = stackalloc char[40];
        number.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        var text = buffer[..written];
        if (text.Contains('.'))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return new string(text);
    }

    /// <summary>Parses a canonical <c>yyyy-MM-dd</c> date.</summary>
    public static bool TryParseDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The canonical text of a date (<c>yyyy-MM-dd</c>), written without a format parse.</summary>
    public static string FormatDate(DateOnly date) => string.Create(10, date, static (span, d) => WriteDate(d, span));

    private static void WriteDate(DateOnly date, Span<char> span)
    {
        var (year, month, day) = (date.Year, date.Month, date.Day);
        span[0] = (char)('0' + (year / 1000));
        span[1] = (char)('0' + (year / 100 % 10));
        span[2] = (char)('0' + (year / 10 % 10));
        span[3] = (char)('0' + (year % 10));
        span[4] = '-';
        span[5] = (char)('0' + (month / 10));
        span[6] = (char)('0' + (month % 10));
        span[7] = '-';
        span[8] = (char)('0' + (day / 10));
        span[9] = (char)('0' + (day % 10));
    }

    private static string? Choice(CanonicalField field, string value)
    {
        foreach (var choice in field.Choices ?? [])
        {
            if (string.Equals(choice, value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        return null;
    }
}
