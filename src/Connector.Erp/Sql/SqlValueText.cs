using System.Globalization;

namespace Connector.Erp.Sql;

/// <summary>
/// A database value as the invariant text a mapping reads, whatever the provider or the server's culture:
/// dates <c>yyyy-MM-dd</c> (ISO 8601 with a time when there is one), numbers with a dot, NULL as empty.
/// </summary>
internal static class SqlValueText
{
    public static string Format(object? value) => value switch
    {
        null or DBNull => string.Empty,
        string text => text,
        DateTime time => Format(time),
        DateTimeOffset time => time.TimeOfDay == TimeSpan.Zero && time.Offset == TimeSpan.Zero
            ? time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexStringLower(bytes),
        Guid id => id.ToString("D"),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Format(DateTime time)
    {
        if (time.TimeOfDay == TimeSpan.Zero)
        {
            return time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return time.Kind == DateTimeKind.Utc ? text + "Z" : text;
    }

    /// <summary>
    /// Orders two values of a watermark column as the database would: same-typed values by their own order, numbers
    /// of different types as numbers, anything else (SQLite lets a column mix types) by its invariant text.
    /// </summary>
    public static int Compare(object left, object right)
    {
        if (left.GetType() == right.GetType() && left is IComparable comparable)
        {
            return comparable.CompareTo(right);
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return Convert.ToDouble(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(right, CultureInfo.InvariantCulture));
        }

        return string.CompareOrdinal(Format(left), Format(right));
    }

    private static bool IsNumber(object value) =>
        value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;
}
