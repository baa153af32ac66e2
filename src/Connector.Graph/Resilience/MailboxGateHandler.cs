namespace Connector.Graph.Resilience;

/// <summary>
/// Holds a <see cref="MailboxGate"/> slot for each attempt of a request to a mailbox. It sits inside the retry layer,
/// so a request waiting out a <c>Retry-After</c> does not keep a slot from the others.
/// </summary>
internal sealed class MailboxGateHandler(MailboxGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MailboxGate.MailboxOf(request.RequestUri) is not { } mailbox)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var slot = await gate.EnterAsync(mailbox, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
