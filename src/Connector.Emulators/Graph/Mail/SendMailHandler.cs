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
            (JsonObject)body.DeepClone()));
        return GraphResponse.Empty(202);
    }

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
