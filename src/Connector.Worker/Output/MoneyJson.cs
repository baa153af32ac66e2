using Connector.Domain.Currencies;

namespace Connector.Worker.Output;

/// <summary>Money for JSON: rounded to the currency's minor units and always written with them (0.00, not 0).</summary>
public static class MoneyJson
{
    private static readonly decimal[] Zeros = [0m, 0.0m, 0.00m, 0.000m, 0.0000m];

    public static decimal Round(decimal amount, string currency)
    {
        var digits = CurrencyUnits.MinorUnits(currency);

        // Adding a zero of scale n gives the sum at least n decimal places.
        return CurrencyUnits.Round(amount, currency) + Zeros[Math.Min(digits, Zeros.Length - 1)];
    }
}
