using System.Globalization;
using Connector.Domain.Currencies;

namespace Connector.Domain.CashApplication;

/// <summary>
/// An amount as <see cref="CurrencyUnits.Format"/> writes it ("12,400.00 USD"), written straight into the explanation
/// being built: a hundred thousand payments' sentences need no string per amount (decision 134).
/// </summary>
internal readonly struct MoneyText(decimal amount, string currency) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var digits = CurrencyUnits.MinorUnits(currency);
        var rounded = Math.Round(amount, digits, MidpointRounding.ToEven);
        ReadOnlySpan<char> pattern = digits switch
        {
            0 => "N0",
            3 => "N3",
            _ => "N2",
        };

        if (rounded.TryFormat(destination, out var written, pattern, CultureInfo.InvariantCulture)
            && destination.Length >= written + 1 + currency.Length)
        {
            destination[written] = ' ';
            currency.CopyTo(destination[(written + 1)..]);
            charsWritten = written + 1 + currency.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => CurrencyUnits.Format(amount, currency);
}

/// <summary>A share as a percentage with at most two decimals ("2.5%"), as the explanations write it.</summary>
internal readonly struct PercentText(decimal percent) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (percent.TryFormat(destination, out var written, "0.##", CultureInfo.InvariantCulture) && destination.Length > written)
        {
            destination[written] = '%';
            charsWritten = written + 1;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";
}

/// <summary>Invoice numbers of book indexes joined by ", ", written straight into the explanation being built.</summary>
internal readonly struct InvoiceIdList(InvoiceBook book, IReadOnlyList<int> invoices) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        for (var k = 0; k < invoices.Count; k++)
        {
            if (k > 0)
            {
                if (destination.Length - charsWritten < 2)
                {
                    charsWritten = 0;
                    return false;
                }

                destination[charsWritten++] = ',';
                destination[charsWritten++] = ' ';
            }

            var id = book.Invoices[invoices[k]].Id;
            if (!id.TryCopyTo(destination[charsWritten..]))
            {
                charsWritten = 0;
                return false;
            }

            charsWritten += id.Length;
        }

        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString()
    {
        var ids = new string[invoices.Count];
        for (var k = 0; k < ids.Length; k++)
        {
            ids[k] = book.Invoices[invoices[k]].Id;
        }

        return string.Join(", ", ids);
    }
}
