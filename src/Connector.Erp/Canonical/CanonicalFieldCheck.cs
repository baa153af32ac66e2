using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Connector.Mapping.Canonical;

namespace Connector.Erp.Canonical;

/// <summary>
/// Checks one value of a canonical file against its <see cref="CanonicalField"/> (type, required, choices,
/// length). Strict, unlike a mapping: the file must already hold canonical text (<c>USD</c>, not <c>usd</c>;
/// <c>true</c>, not <c>True</c>). Problems are worded as the report commands have always worded them.
/// </summary>
internal static class CanonicalFieldCheck
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <param name="field">The schema field the value is for.</param>
    /// <param name="text">The value as it stands in the file.</param>
    /// <param name="value">The value for the canonical record: the text as written, <c>null</c> when empty; an integer in
    /// canonical form, as the rules read it (<c>-05</c> is -5 days, <c>-0</c> is none).</param>
    /// <param name="problem">What was expected and what was found.</param>
    public static bool TryRead(CanonicalField field, string text, out string? value, [NotNullWhen(false)] out string? problem)
    {
        value = null;
        problem = null;

        // A canonical file spells every boolean out (true|false); only a mapping may leave one empty, meaning false.
        if (text.Length == 0 && !field.Required && field.Type != FieldType.Boolean)
        {
            return true;
        }

        switch (field.Type)
        {
            case FieldType.Text or FieldType.List:
                if (text.Length == 0)
                {
                    problem = "expected a value, got an empty field";
                    return false;
                }

                break;
            case FieldType.Date:
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    problem = $"expected a date yyyy-MM-dd, got {Quote(text)}";
                    return false;
                }

                break;
            case FieldType.Decimal:
                if (!decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out _))
                {
                    problem = $"expected a number like -1234.56 ('.' decimal point, no thousands separator), got {Quote(text)}";
                    return false;
                }

                break;
            case FieldType.Integer:
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    problem = $"expected a whole number, got {Quote(text)}";
                    return false;
                }

                text = integer.ToString(CultureInfo.InvariantCulture);
                break;
            case FieldType.Boolean:
                if (text is not ("true" or "false"))
                {
                    problem = $"expected true|false, got {Quote(text)}";
                    return false;
                }

                break;
            case FieldType.Choice:
                var choices = field.Choices ?? [];
                if (!choices.Contains(text, StringComparer.Ordinal))
                {
                    problem = $"expected {string.Join('|', choices)}, got {Quote(text)}";
                    return false;
                }

                break;
            case FieldType.Currency:
                if (text.Length != 3 || !char.IsAsciiLetterUpper(text[0]) || !char.IsAsciiLetterUpper(text[1]) || !char.IsAsciiLetterUpper(text[2]))
                {
                    problem = $"expected a three-letter currency code like USD, got {Quote(text)}";
                    return false;
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown field type {field.Type}.");
        }

        // The schema's lengths: a value ingest would refuse is refused here too.
        if (text.Length > field.MaxLength)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"expected at most {field.MaxLength} characters, got {text.Length}");
            return false;
        }

        value = text;
        return true;
    }

    private static string Quote(string text) => text.Length == 0 ? "an empty field" : $"'{text}'";
}
