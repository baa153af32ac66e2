using System.Globalization;
using Connector.Domain.Currencies;

namespace Connector.Worker.Output;

public enum CellKind
{
    Text,
    Money,
    Integer,
    Percent,
    Date,
}

/// <summary>
/// One value of a report with what it is, so that each format shows it properly: money with its
/// currency's minor units (thousands separators in tables, none in CSV), dates as yyyy-MM-dd.
/// </summary>
public readonly record struct Cell(CellKind Kind, string? Text, decimal Number, string? Currency)
{
    public static Cell Of(string? text) => new(CellKind.Text, text, 0m, null);

    /// <summary>What a table shows for an empty value ("no limit"); csv and json keep it empty.</summary>
    public string? Shown { get; init; }

    public static Cell Money(decimal amount, string currency) => new(CellKind.Money, null, amount, currency);

    public static Cell Integer(long value) => new(CellKind.Integer, null, value, null);

    /// <summary>A ratio shown as a percentage: 0.125 → 12.5 %.</summary>
    public static Cell Percent(decimal ratio) => new(CellKind.Percent, null, ratio, null);

    public static Cell Date(DateOnly date) => new(CellKind.Date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 0m, null);

    /// <summary>The machine form: invariant, no thousands separators, money rounded to minor units.</summary>
    public string ToInvariant() => Kind switch
    {
        CellKind.Money => CurrencyUnits.Round(Number, Currency!).ToString("F" + CurrencyUnits.MinorUnits(Currency!), CultureInfo.InvariantCulture),
        CellKind.Integer => Number.ToString("F0", CultureInfo.InvariantCulture),
        CellKind.Percent => Math.Round(Number * 100m, 2, MidpointRounding.ToEven).ToString("F2", CultureInfo.InvariantCulture),
        _ => Text ?? string.Empty,
    };

    /// <summary>The human form: thousands separators, percent sign.</summary>
    public string ToDisplay() => Kind switch
    {
        CellKind.Money => CurrencyUnits.Round(Number, Currency!).ToString("N" + CurrencyUnits.MinorUnits(Currency!), CultureInfo.InvariantCulture),
        CellKind.Integer => Number.ToString("N0", CultureInfo.InvariantCulture),
        CellKind.Percent => Math.Round(Number * 100m, 1, MidpointRounding.ToEven).ToString("N1", CultureInfo.InvariantCulture) + " %",
        _ => Text ?? Shown ?? string.Empty,
    };

    /// <summary>The JSON value: numbers as numbers (money rounded), text as strings.</summary>
    public object? ToJsonValue() => Kind switch
    {
        CellKind.Money => MoneyJson.Round(Number, Currency!),
        CellKind.Integer => (long)Number,
        CellKind.Percent => Number,
        _ => Text,
    };
}
