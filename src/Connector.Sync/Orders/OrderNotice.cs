using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Orders;

/// <summary>
/// The in-app notification (<c>appnotification</c>, Dynamics' bell) an order's owner gets when the order is held and
/// when it is released: the sentence with the figures and whom to call, and a button that opens the order. Its id is
/// derived from the order and the notice's number, so the outbox replaying it after a crash finds it already there.
/// </summary>
public static class OrderNotice
{
    public static string Target => DataverseModel.Target(DataverseModel.AppNotifications);

    /// <summary>appnotification.icontype and priority, as documented.</summary>
    private const int IconSuccess = 100_000_001;
    private const int IconWarning = 100_000_003;
    private const int ToastTimed = 200_000_000;
    private const int PriorityNormal = 200_000_001;
    private const int PriorityHigh = 200_000_002;

    /// <summary>The notification's id: the same for the same order and notice number, whoever computes it.</summary>
    public static Guid Id(Guid orderId, int notice)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"arc:order-notice:{orderId:D}:{notice}")), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5-style, so it reads as a name-derived id
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }

    /// <summary>The outbox item creating the notification for <paramref name="state"/>'s latest notice.</summary>
    public static OutboxItem For(StoredOrderCredit state, OrderNoticeKind kind, string? customerName)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.OwnerId is not { } owner)
        {
            throw new ArgumentException("An order owned by a team gets no notification.", nameof(state));
        }

        var label = state.OrderNumber ?? state.Name ?? "Your order";
        var customer = customerName is { Length: > 0 } ? $" for {customerName}" : "";
        var (title, icon, priority) = kind == OrderNoticeKind.Held
            ? ($"Order {label}{customer} is held for credit", IconWarning, PriorityHigh)
            : ($"Order {label}{customer} is released", IconSuccess, PriorityNormal);

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("title", Fit(title, 200));
            json.WriteString("body", Fit(state.Message, 5000));
            json.WriteString("ownerid@odata.bind", $"/systemusers({owner:D})");
            json.WriteNumber("icontype", icon);
            json.WriteNumber("toasttype", ToastTimed);
            json.WriteNumber("priority", priority);
            json.WriteString("data", Actions(state.OrderId));
            json.WriteEndObject();
        }

        var id = Id(state.OrderId, state.Notices);
        return new OutboxItem(Target, id.ToString("D"), Encoding.UTF8.GetString(buffer.WrittenSpan), XxHash128.HashToUInt128(buffer.WrittenSpan));
    }

    /// <summary>The <c>data</c> column: one action button opening the order (the documented <c>actions</c> shape).</summary>
    private static string Actions(Guid orderId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("actions");
            json.WriteStartObject();
            json.WriteString("title", "Open the order");
            json.WriteStartObject("data");
            json.WriteString("url", $"?pagetype=entityrecord&etn=salesorder&id={orderId:D}");
            json.WriteString("navigationTarget", "newWindow");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Fit(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
