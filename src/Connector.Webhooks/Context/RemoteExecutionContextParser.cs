using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Connector.Webhooks.Context;

/// <summary>
/// Reads the JSON Dataverse posts to a webhook (the DataContractJsonSerializer form of <c>RemoteExecutionContext</c>)
/// without binding to a class hierarchy: <c>{key,value}</c> lists are walked, typed values are told apart by the
/// part of <c>__type</c> before the colon, WCF dates (<c>\/Date(1506409448000-0700)\/</c>) become
/// <see cref="DateTimeOffset"/>, and every field we do not read is skipped. A field we read with the wrong JSON type
/// is an error, not a silent default, so a hostile body cannot pass for an empty order.
/// </summary>
public static class RemoteExecutionContextParser
{
    /// <summary>Far deeper than any real context (ParentContext nests once or twice), shallow enough to refuse a bomb.</summary>
    private const int MaxDepth = 64;

    /// <exception cref="WebhookPayloadException">The body is not JSON, not an object, or a field we read has the wrong shape.</exception>
    public static RemoteExecutionContext Parse(ReadOnlyMemory<byte> body, bool truncated)
    {
        // JsonDocument checks the structure but leaves a string's bytes to GetString, which would throw mid-read (a 500):
        // the whole body is checked once here, so bad text is a 400 like any other unreadable body.
        if (InvalidUtf8At(body.Span) is { } offset)
        {
            throw new WebhookPayloadException(
                $"The body is not valid UTF-8: byte 0x{body.Span[offset]:X2} at offset {offset.ToString(CultureInfo.InvariantCulture)} does not start or continue a character.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new WebhookPayloadException($"The body is not valid JSON: {FirstLine(ex.Message)}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookPayloadException($"The body must be a JSON object (a RemoteExecutionContext), not {Describe(root.ValueKind)}.");
            }

            var input = KeyValues(root, "InputParameters");
            var target = input.GetValueOrDefault("Target") is { } t ? ReadValue(t, "InputParameters.Target") as WebhookEntity : null;
            return new RemoteExecutionContext
            {
                MessageName = Text(root, "MessageName") ?? "",
                Stage = Int(root, "Stage"),
                Mode = Int(root, "Mode"),
                PrimaryEntityName = Text(root, "PrimaryEntityName") ?? "",
                PrimaryEntityId = GuidOf(root, "PrimaryEntityId"),
                InitiatingUserId = GuidOf(root, "InitiatingUserId"),
                UserId = GuidOf(root, "UserId"),
                CorrelationId = GuidOf(root, "CorrelationId"),
                OperationCreatedOn = Property(root, "OperationCreatedOn") is { ValueKind: JsonValueKind.String } created
                    ? WcfDate.TryParse(created.GetString()!, out var on) ? on : throw Wrong("OperationCreatedOn", "a \\/Date(…)\\/ value")
                    : null,
                Target = target,
                PreEntityImages = Images(root, "PreEntityImages"),
                PostEntityImages = Images(root, "PostEntityImages"),
                IsTruncated = truncated,
            };
        }
    }

    private static Dictionary<string, WebhookEntity> Images(JsonElement root, string name)
    {
        var images = new Dictionary<string, WebhookEntity>(StringComparer.Ordinal);
        foreach (var (key, value) in KeyValues(root, name))
        {
            // An image is always an entity; Dataverse's automatic AsynchronousStepPrimaryName image comes without __type.
            var image = value.ValueKind == JsonValueKind.Object && Property(value, "__type") is null
                ? Entity(value, $"{name}.{key}")
                : ReadValue(value, $"{name}.{key}");
            if (image is WebhookEntity entity)
            {
                images[key] = entity;
            }
        }

        return images;
    }

    /// <summary>
    /// A <c>{key,value}</c> list as a dictionary (the last of a repeated key wins); absent or <c>null</c> is empty. A plain
    /// JSON object is accepted too, as some serialisers write dictionaries that way.
    /// </summary>
    private static Dictionary<string, JsonElement> KeyValues(JsonElement owner, string name)
    {
        var pairs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var list = Property(owner, name);
        switch (list?.ValueKind)
        {
            case null or JsonValueKind.Null:
                return pairs;
            case JsonValueKind.Object:
                foreach (var property in list.Value.EnumerateObject())
                {
                    pairs[property.Name] = property.Value;
                }

                return pairs;
            case JsonValueKind.Array:
                foreach (var pair in list.Value.EnumerateArray())
                {
                    if (pair.ValueKind != JsonValueKind.Object || Property(pair, "key") is not { ValueKind: JsonValueKind.String } key)
                    {
                        throw Wrong(name, "a list of {key,value} objects with text keys");
                    }

                    pairs[key.GetString()!] = Property(pair, "value") ?? default;
                }

                return pairs;
            default:
                throw Wrong(name, "a list of {key,value} objects");
        }
    }

    /// <summary>A typed value by its <c>__type</c>, a WCF date, or a plain JSON value; <c>null</c> for what we do not read.</summary>
    private static object? ReadValue(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                return WcfDate.TryParse(text, out var date) ? date : text;
            case JsonValueKind.Number:
                return value.TryGetDecimal(out var number) ? number : null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Array:
                return value.EnumerateArray().Select((item, i) => ReadValue(item, $"{path}[{i}]")).ToList();
            case JsonValueKind.Object:
                break;
            default:
                return null;
        }

        var type = Text(value, "__type") ?? "";
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        switch (colon < 0 ? type : type[..colon])
        {
            case "Entity":
                return Entity(value, path);
            case "EntityReference":
                return new EntityReferenceValue(Text(value, "LogicalName") ?? "", GuidOf(value, "Id"), Text(value, "Name"));
            case "Money":
                return new MoneyValue(Property(value, "Value") is { ValueKind: JsonValueKind.Number } money && money.TryGetDecimal(out var amount)
                    ? amount
                    : throw Wrong(path + ".Value", "a number"));
            case "OptionSetValue":
                return new OptionSetValue(Int(value, "Value"));
            default:
                return null;
        }
    }

    private static WebhookEntity Entity(JsonElement value, string path)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, attribute) in KeyValues(value, "Attributes"))
        {
            attributes[key] = ReadValue(attribute, $"{path}.{key}");
        }

        return new WebhookEntity(Text(value, "LogicalName") ?? "", GuidOf(value, "Id"), attributes);
    }

    private static string? Text(JsonElement owner, string name) => Property(owner, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        _ => throw Wrong(name, "text"),
    };

    private static int Int(JsonElement owner, string name) => Property(owner, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => 0,
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var value) => value,
        _ => throw Wrong(name, "a whole number"),
    };

    private static Guid GuidOf(JsonElement owner, string name)
    {
        var text = Text(owner, name);
        if (text is null)
        {
            return Guid.Empty;
        }

        return Guid.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : throw Wrong(name, "a GUID");
    }

    /// <summary>The property by exact name, else by any casing (the documented casing first: it is the common case).</summary>
    private static JsonElement? Property(JsonElement owner, string name)
    {
        if (owner.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in owner.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>The offset of the first byte that is not part of a well-formed UTF-8 sequence; <c>null</c> when all are.</summary>
    private static int? InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    private static WebhookPayloadException Wrong(string field, string expected) => new($"'{field}' must be {expected}.");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "a boolean",
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
