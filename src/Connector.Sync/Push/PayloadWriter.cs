using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>
/// Writes one record's columns as the JSON object the Web API takes, and hashes it for the outbox. Reused across
/// records (one buffer, one writer), because a push plans up to a million of them.
/// </summary>
internal sealed class PayloadWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly Utf8JsonWriter json;

    public PayloadWriter()
    {
        json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public void Begin()
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
    }

    public void Text(string column, string? value)
    {
        if (value is null)
        {
            json.WriteNull(column);
        }
        else
        {
            json.WriteString(column, value);
        }
    }

    public void Money(string column, decimal? value)
    {
        if (value is { } amount)
        {
            json.WriteNumber(column, decimal.Round(amount, 4));
        }
        else
        {
            json.WriteNull(column);
        }
    }

    public void Integer(string column, int value) => json.WriteNumber(column, value);

    public void Boolean(string column, bool value) => json.WriteBoolean(column, value);

    public void Choice(string column, int? value)
    {
        if (value is { } option)
        {
            json.WriteNumber(column, option);
        }
        else
        {
            json.WriteNull(column);
        }
    }

    /// <summary>A date-only column: <c>2026-11-22</c>.</summary>
    public void Date(string column, DateOnly? value)
    {
        if (value is { } date)
        {
            json.WriteString(column, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(column);
        }
    }

    /// <summary>A date-time column holding a day as people in <paramref name="zone"/> enter it: their midnight, in UTC.</summary>
    public void LocalDay(string column, DateOnly value, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var midnight = value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var utc = new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
        json.WriteString(column, utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
    }

    /// <summary>A date-time column holding a day: midnight UTC, <c>2026-11-22T00:00:00Z</c>.</summary>
    public void Day(string column, DateOnly value) =>
        json.WriteString(column, value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z");

    /// <summary>
    /// A single-valued lookup by the target's alternate key, as use-alternate-key-reference-record documents it:
    /// <c>"nav@odata.bind": "/accounts(accountnumber='C-1')"</c> (quotes in the value doubled).
    /// </summary>
    public void BindByKey(string navigationProperty, DataverseTable target, string key) =>
        json.WriteString(navigationProperty + "@odata.bind", "/" + target.EntitySetName + "(" + target.KeyColumn + "='" + key.Replace("'", "''", StringComparison.Ordinal) + "')");

    public OutboxItem End(string target, string key)
    {
        json.WriteEndObject();
        json.Flush();
        var written = buffer.WrittenSpan;
        return new OutboxItem(target, key, Encoding.UTF8.GetString(written), XxHash128.HashToUInt128(written));
    }

    public void Dispose() => json.Dispose();
}
