namespace Connector.Domain.Currencies;

/// <summary>Rounding to a currency's minor unit, half-to-even, applied only when a figure is stored or shown.</summary>
public static class CurrencyUnits
{
    public static int MinorUnits(string currency) => currency.ToUpperInvariant() switch
    {
        "JPY" or "KRW" or "CLP" or "ISK" or "VND" or "XOF" or "XAF" => 0,
        "BHD" or "JOD" or "KWD" or "OMR" or "TND" or "LYD" or "IQD" => 3,
        _ => 2,
    };

    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, MinorUnits(currency), MidpointRounding.ToEven);

    /// <summary>"12,400.00 USD": the way a person reads an amount in a message.</summary>
    public static string Format(decimal amount, string currency)
    {
        var digits = MinorUnits(currency);
        var rounded = Math.Round(amount, digits, MidpointRounding.ToEven);
        return rounded.ToString("N" + digits, System.Globalization.CultureInfo.InvariantCulture) + " " + currency;
    }
}
