using System.Globalization;

namespace Connector.Emulators.Dataverse.Records;

/// <summary>How stored values compare and index: strings case-insensitively (Dataverse's SQL collation), numbers by value.</summary>
internal static class ColumnValues
{
    public static string Canonical(object value) => value switch
    {
        string text => text.ToUpperInvariant(),
        decimal number => (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "1" : "0",
        Guid id => id.ToString("D"),
        RecordReference reference => reference.Id.ToString("D"),
        DateTimeOffset moment => moment.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>Compares two non-null values of the same column; null when they cannot be ordered.</summary>
    public static int? Compare(object left, object right) => (left, right) switch
    {
        (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
        (RecordReference a, Guid b) => a.Id.CompareTo(b),
        (RecordReference a, RecordReference b) => a.Id.CompareTo(b.Id),
        (Guid a, Guid b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        _ when AsDecimal(left) is { } a && AsDecimal(right) is { } b => a.CompareTo(b),
        _ => null,
    };

    private static decimal? AsDecimal(object value) => value switch
    {
        decimal number => number,
        int number => number,
        long number => number,
        _ => null,
    };
}
