using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph.Mail;

/// <summary>A message accepted by <c>POST /users/{id}/sendMail</c> (accepted, not delivered), with what tests usually check.</summary>
public sealed record SentMail(string From, string Subject, string? BodyContentType, string? BodyContent, IReadOnlyList<string> To, IReadOnlyList<string> Cc, bool SaveToSentItems, DateTimeOffset SentAt, JsonObject Message);
