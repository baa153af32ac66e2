namespace Connector.Sync.Ports;

/// <summary>One email (dunning letter, statement of account) as it leaves: from the shared mailbox, to the customer's addresses.</summary>
public sealed record OutgoingMail
{
    /// <summary>The shared mailbox it is sent from (user id or UPN; <c>POST /users/{id}/sendMail</c>).</summary>
    public required string FromMailbox { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public IReadOnlyList<string> Cc { get; init; } = [];

    public required string Subject { get; init; }

    public required string HtmlBody { get; init; }

    /// <summary>Files sent with the message (a statement's PDF); Graph takes them inline up to 3 MB each, 4 MB per request.</summary>
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

/// <summary>A file attached to an <see cref="OutgoingMail"/>.</summary>
public sealed record MailAttachment(string Name, string ContentType, byte[] Content)
{
    /// <summary>The largest file Graph accepts inline in <c>sendMail</c> (larger ones need an upload session to a draft).</summary>
    public const int MaxInlineBytes = 3 * 1024 * 1024;
}

/// <summary>
/// Sends mail (Graph <c>sendMail</c>: 202 means accepted, not delivered, and there is no id to look it up by). The
/// caller therefore sends at most once: it marks the attempt before the call and never repeats an unconfirmed one.
/// </summary>
public interface IMailSender
{
    /// <exception cref="TaskBoardException">Graph refused it or could not be reached (after the retries).</exception>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}
