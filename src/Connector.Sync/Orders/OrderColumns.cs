using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Orders;

/// <summary>The write of an order's credit columns (<c>arc_creditstatus</c>, <c>arc_creditmessage</c>, <c>arc_creditcheckedon</c>), as an outbox item keyed by the order id.</summary>
public static class OrderColumns
{
    public static string Target => DataverseModel.Target(DataverseModel.SalesOrders);

    public static OutboxItem For(StoredOrderCredit state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("arc_creditstatus", OrderCreditRules.Option(state.Status));
            json.WriteString("arc_creditmessage", state.Message);
            json.WriteString("arc_creditcheckedon", state.CheckedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return new OutboxItem(Target, state.OrderId.ToString("D"), Encoding.UTF8.GetString(buffer.WrittenSpan), XxHash128.HashToUInt128(buffer.WrittenSpan));
    }
}
