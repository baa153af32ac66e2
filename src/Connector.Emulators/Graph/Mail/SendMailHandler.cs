using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph.Mail;

/// <summary><c>POST /users/{id}/sendMail</c>: 202 with no body, the message kept in <see cref="GraphState.SentMail"/> (reference §11, sendMail).</summary>
internal static class SendMailHandler
{
    public static GraphResponse Handle(GraphRequest request, GraphState state, string from, DateTimeOffset now)
    {
        if (request.Method != "POST")
        {
            return GraphErrors.Create(405, "Request_BadRequest", $"The HTTP method '{request.Method}' is not allowed on sendMail.", now);
        }

        if (request.Body is not JsonObject body || Parameter(body, "message") is not JsonObject message)
        {
            return GraphErrors.Create(400, "ErrorInvalidRequest", "The request body needs a 'message' object.", now);
        }

        var to = Addresses(message["toRecipients"]);
        var cc = Addresses(message["ccRecipients"]);
        if (to is null || cc is null || to.Count + cc.Count == 0)
        {
            return GraphErrors.Create(400, "ErrorInvalidRecipients", "At least one recipient is not valid or none was given.", now);
        }

        if (SaveToSentItems(Parameter(body, "saveToSentItems")) is not { } save)
        {
            return GraphErrors.Create(400, "ErrorInvalidRequest", "The parameter 'saveToSentItems' must be true or false.", now);
        }

        if (Attachments(message["attachments"], out var attachments) is { } problem)
        {
            return GraphErrors.Create(400, "ErrorInvalidRequest", problem, now);
        }

        var itemBody = message["body"] as JsonObject;
        state.AddSent(new SentMail(
            from,
            message["subject"] is JsonValue subject && subject.GetValueKind() == JsonValueKind.String ? subject.GetValue<string>() : "",
            itemBody?["contentType"]?.GetValue<string>(),
            itemBody?["content"]?.GetValue<string>(),
            to,
            cc,
            save,
            now,
            (JsonObject)message.DeepClone(),
            (JsonObject)body.DeepClone())
        {
            Attachments = attachments,
        });
        return GraphResponse.Empty(202);
    }

    /// <summary>
    /// The message's inline attachments (user-sendmail.md, "send a message with a file attachment"): each an object with
    /// <c>@odata.type</c> <c>#microsoft.graph.fileAttachment</c>, a <c>name</c> and base64 <c>contentBytes</c> of at most
    /// 3 MB decoded (outlook-large-attachments.md); the problem in a sentence, or null.
    /// </summary>
    private static string? Attachments(JsonNode? node, out List<SentAttachment> attachments)
    {
        attachments = [];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            return "The property 'attachments' must be an array.";
        }

        foreach (var item in array)
        {
            if (item is not JsonObject attachment)
            {
                return "Each attachment must be an object.";
            }

            var type = Text(attachment["@odata.type"]);
            if (!string.Equals(type, "#microsoft.graph.fileAttachment", StringComparison.OrdinalIgnoreCase))
            {
                return $"The attachment type '{type}' is not supported by the emulator; use '#microsoft.graph.fileAttachment'.";
            }

            if (Text(attachment["name"]) is not { Length: > 0 } name)
            {
                return "A file attachment needs a 'name'.";
            }

            byte[] content;
            try
            {
                content = Convert.FromBase64String(Text(attachment["contentBytes"]) ?? throw new FormatException());
            }
            catch (FormatException)
            {
                return $"The attachment '{name}' has no valid base64 'contentBytes'.";
            }

            if (content.Length > MaxInlineAttachmentBytes)
            {
                return $"The attachment '{name}' is larger than 3 MB: attach it through an upload session.";
            }

            attachments.Add(new SentAttachment(name, Text(attachment["contentType"]), content));
        }

        return null;
    }

    private const int MaxInlineAttachmentBytes = 3 * 1024 * 1024;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>
    /// An action parameter by name, ignoring case: the documentation writes <c>message</c>, the metadata (and so the
    /// .NET SDK) <c>Message</c>, and Graph accepts both.
    /// </summary>
    private static JsonNode? Parameter(JsonObject body, string name) =>
        body.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// Whether to keep a copy in Sent Items: true when absent (the service's default), else the boolean — or its text, as
    /// the docs' own example sends <c>"saveToSentItems": "false"</c> (todo.docs.http, user-sendmail.md); null when neither.
    /// </summary>
    private static bool? SaveToSentItems(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var parsed) => parsed,
        _ => null,
    };

    /// <summary>The addresses of a recipient array; empty when absent, null when malformed.</summary>
    private static List<string>? Addresses(JsonNode? recipients)
    {
        if (recipients is null)
        {
            return [];
        }

        if (recipients is not JsonArray array)
        {
            return null;
        }

        var addresses = new List<string>();
        foreach (var recipient in array)
        {
            if (recipient?["emailAddress"]?["address"] is not JsonValue address || address.GetValueKind() != JsonValueKind.String || !address.GetValue<string>().Contains('@', StringComparison.Ordinal))
            {
                return null;
            }

            addresses.Add(address.GetValue<string>());
        }

        return addresses;
    }
}
