using System.IO.Hashing;
using System.Text.Json;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>
/// A dunning email in the outbox (target <see cref="Target"/>, key <c>CASE-C1|L3|2026-11-20</c>: one per ladder step),
/// with the contact attempt it becomes once Graph accepted it.
/// </summary>
public sealed record MailIntent
{
    public const string Target = "graph:mail";

    /// <summary>Written as the entry's error before the call: finding it there after a restart means the send may have happened.</summary>
    public const string InFlightMarker = "sending started; no answer recorded";

    public required OutgoingMail Mail { get; init; }
    public required string CustomerId { get; init; }
    public required string CaseId { get; init; }
    public required int Level { get; init; }
    public required DateOnly On { get; init; }
    public required string Key { get; init; }

    /// <summary>The interest and fees the letter proposes, queued for the ERP once the email is sent (never before: a letter that did not go proposes nothing).</summary>
    public IReadOnlyList<DunningChargeRow> Charges { get; init; } = [];

    /// <summary>The contact attempt the email becomes once Graph accepted it (and, before that, what the plan counts on).</summary>
    public StoredContactAttempt Attempt() =>
        new(CustomerId, CaseId, Level, Domain.Collections.ContactKind.Email, On, Mail.FromMailbox, Mail.Subject, Key);

    /// <summary>The email as sent at <paramref name="sentAt"/>, as the store keeps it.</summary>
    public SentMail Sent(DateTimeOffset sentAt) =>
        new(Key, CustomerId, CaseId, Level, On, sentAt, Mail.FromMailbox, Mail.To, Mail.Cc, Mail.Subject, Mail.HtmlBody);

    /// <summary>The writeback rows of <see cref="Charges"/> (target <c>erp:dunning-charge</c>).</summary>
    public IReadOnlyList<OutboxItem> ChargeRows() => [.. Charges.Select(Writeback.WritebackJson.ToOutbox)];

    public OutboxItem ToOutbox()
    {
        // The hash is the key's: a step's email, once sent, is never queued again even if the statement moved since.
        var payload = JsonSerializer.Serialize(this, IntentJson.Default.MailIntent);
        return new OutboxItem(Target, Key, payload, XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes(Key)));
    }

    public static MailIntent Parse(string payload) =>
        JsonSerializer.Deserialize(payload, IntentJson.Default.MailIntent) ?? throw new JsonException("empty mail intent");
}
