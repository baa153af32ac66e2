using System.Globalization;
using Connector.Domain.Currencies;

namespace Connector.Erp.Writeback;

/// <summary>How writeback values are written, in files and tables alike: invariant, no thousands separators.</summary>
internal static class WritebackFields
{
    /// <summary><c>1</c> or <c>0</c>: what every ERP import and every SQL dialect reads as a flag.</summary>
    public static int Flag(bool value) => value ? 1 : 0;

    /// <summary>Rounded to the currency's minor units (<c>2293.18</c>, <c>1500</c> for JPY); null stays null.</summary>
    public static decimal? Money(decimal? amount, string currency) => amount is { } value ? CurrencyUnits.Round(value, currency) : null;

    public static string MoneyText(decimal? amount, string currency) =>
        amount is { } value
            ? CurrencyUnits.Round(value, currency).ToString("F" + CurrencyUnits.MinorUnits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : "";

    /// <summary>UTC, ISO 8601 to the second (<c>2026-11-16T08:00:00Z</c>).</summary>
    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
