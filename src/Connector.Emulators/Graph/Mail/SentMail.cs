using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph.Mail;

/// <summary>
/// A message accepted by <c>POST /users/{id}/sendMail</c> (accepted, not delivered), with what tests usually check and
/// the request body as it came (<see cref="RequestBody"/>), so a test can see what the client actually sent.
/// </summary>
public sealed record SentMail(
    string From, string Subject, string? BodyContentType, string? BodyContent, IReadOnlyList<string> To, IReadOnlyList<string> Cc, bool SaveToSentItems, DateTimeOffset SentAt, JsonObject Message, JsonObject RequestBody)
{
    /// <summary>An action parameter of <see cref="RequestBody"/> as sent, by name ignoring case (the docs write <c>saveToSentItems</c>, the SDK <c>SaveToSentItems</c>); null when absent.</summary>
    public JsonNode? Parameter(string name) =>
        RequestBody.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The message's file attachments, their <c>contentBytes</c> decoded.</summary>
    public IReadOnlyList<SentAttachment> Attachments { get; init; } = [];
}

/// <summary>A <c>#microsoft.graph.fileAttachment</c> of a sent message, decoded from base64.</summary>
public sealed record SentAttachment(string Name, string? ContentType, byte[] Content);
