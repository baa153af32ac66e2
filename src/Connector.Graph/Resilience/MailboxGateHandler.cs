using System.Net;
using Connector.Http;

namespace Connector.Graph.Resilience;

/// <summary>
/// Holds a <see cref="MailboxGate"/> slot for each attempt of a request to a mailbox, and tells the gate of each 429 so
/// every other request to that mailbox waits out its <c>Retry-After</c> (<see cref="GraphPipelines.BackoffBase"/> when
/// the answer gives none). It sits inside the retry layer, so a request waiting to be retried does not keep a slot from
/// the others.
/// </summary>
internal sealed class MailboxGateHandler(MailboxGate gate, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MailboxGate.MailboxOf(request.RequestUri) is not { } mailbox)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var slot = await gate.EnterAsync(mailbox, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            gate.Throttled(mailbox, RetryAfter.From(response.Headers, time) ?? GraphPipelines.BackoffBase);
        }

        return response;
    }
}
