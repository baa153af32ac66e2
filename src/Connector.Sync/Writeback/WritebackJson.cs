using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Sync.Ports;

namespace Connector.Sync.Writeback;

/// <summary>
/// The outbox payloads of the ERP writeback (targets <see cref="HoldTarget"/> and <see cref="OrderTarget"/>): the row
/// as JSON. The hash leaves the as-of date out, so a state that holds day after day is written back once, carrying
/// the date of the evaluation that first decided it.
/// </summary>
internal static class WritebackJson
{
    /// <summary>Outbox target of the customer hold rows, keyed by ERP customer number.</summary>
    public const string HoldTarget = "erp:hold";

    /// <summary>Outbox target of the order credit rows, keyed by ERP order number.</summary>
    public const string OrderTarget = "erp:order-credit";

    /// <summary>Outbox target of the cash application rows, keyed by <see cref="CashApplicationRow.Key"/>.</summary>
    public const string CashTarget = "erp:cash-application";

    /// <summary>Outbox target of the proposed dunning charges, keyed by <see cref="DunningChargeRow.Key"/>.</summary>
    public const string DunningChargeTarget = "erp:dunning-charge";

    /// <summary>The hash is the key's: a letter's charge is proposed once, whatever is recomputed after.</summary>
    public static OutboxItem ToOutbox(DunningChargeRow row) => new(
        DunningChargeTarget,
        row.Key,
        JsonSerializer.Serialize(row, WritebackJsonContext.Default.DunningChargeRow),
        XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes(row.Key)));

    public static DunningChargeRow ParseDunningCharge(string payload) =>
        JsonSerializer.Deserialize(payload, WritebackJsonContext.Default.DunningChargeRow) ?? throw new JsonException("A stored dunning charge row is the JSON null.");

    public static OutboxItem ToOutbox(CashApplicationRow row)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(row, WritebackJsonContext.Default.CashApplicationRow);
        return new(CashTarget, row.Key, System.Text.Encoding.UTF8.GetString(payload), XxHash128.HashToUInt128(payload));
    }

    public static CashApplicationRow ParseCash(string payload) =>
        JsonSerializer.Deserialize(payload, WritebackJsonContext.Default.CashApplicationRow) ?? throw new JsonException("A stored cash application row is the JSON null.");

    public static OutboxItem ToOutbox(CustomerHoldRow row) => new(
        HoldTarget,
        row.CustomerId,
        JsonSerializer.Serialize(row, WritebackJsonContext.Default.CustomerHoldRow),
        XxHash128.HashToUInt128(JsonSerializer.SerializeToUtf8Bytes(row with { AsOf = default }, WritebackJsonContext.Default.CustomerHoldRow)));

    public static OutboxItem ToOutbox(OrderCreditRow row) => new(
        OrderTarget,
        row.OrderId,
        JsonSerializer.Serialize(row, WritebackJsonContext.Default.OrderCreditRow),
        XxHash128.HashToUInt128(JsonSerializer.SerializeToUtf8Bytes(row with { AsOf = default }, WritebackJsonContext.Default.OrderCreditRow)));

    public static CustomerHoldRow ParseHold(string payload) =>
        JsonSerializer.Deserialize(payload, WritebackJsonContext.Default.CustomerHoldRow) ?? throw new JsonException("A stored hold row is the JSON null.");

    public static OrderCreditRow ParseOrder(string payload) =>
        JsonSerializer.Deserialize(payload, WritebackJsonContext.Default.OrderCreditRow) ?? throw new JsonException("A stored order credit row is the JSON null.");
}

/// <summary>Source-generated metadata for <see cref="WritebackJson"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CustomerHoldRow))]
[JsonSerializable(typeof(OrderCreditRow))]
[JsonSerializable(typeof(CashApplicationRow))]
[JsonSerializable(typeof(DunningChargeRow))]
internal sealed partial class WritebackJsonContext : JsonSerializerContext;
