namespace Connector.Domain.CashApplication;

/// <summary>
/// The comparable form of an invoice number: everything before the first digit is dropped (so a
/// mistyped prefix such as "IVN-000123" still matches "INV-000123"), punctuation is dropped, letters
/// are upper-cased and leading zeros stripped: "INV-000123" → "123", "INV-2026-0045" → "20260045".
/// A number with no digit has no key and cannot be matched by reference.
/// </summary>
public static class InvoiceNumber
{
    /// <summary>Longest key kept; longer numbers are not matched by reference.</summary>
    internal const int MaxKeyLength = 40;

    /// <summary>The key of <paramref name="invoiceNumber"/>, or an empty string when it has none.</summary>
    public static string Key(string invoiceNumber)
    {
        ArgumentNullException.ThrowIfNull(invoiceNumber);
        Span<char> buffer = stackalloc char[MaxKeyLength];
        var length = Normalise(invoiceNumber, buffer);
        return length == 0 ? string.Empty : new string(buffer[..length]);
    }

    /// <summary>Writes the key into <paramref name="destination"/>; returns its length (0: no key).</summary>
    internal static int Normalise(ReadOnlySpan<char> number, Span<char> destination)
    {
        var i = 0;
        while (i < number.Length && !char.IsAsciiDigit(number[i]))
        {
            i++;
        }

        var length = 0;
        var leading = true;
        for (; i < number.Length; i++)
        {
            var ch = number[i];
            if (char.IsAsciiDigit(ch))
            {
                if (leading && ch == '0')
                {
                    continue;
                }
            }
            else if (char.IsAsciiLetter(ch))
            {
                ch = char.ToUpperInvariant(ch);
            }
            else
            {
                continue;
            }

            leading = false;
            if (length == destination.Length)
            {
                return 0;
            }

            destination[length++] = ch;
        }

        return length;
    }
}
