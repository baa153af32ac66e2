using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Graph.Mail;
using Connector.Emulators.Graph.Protection;
using Connector.Emulators.Graph.Todo;

namespace Connector.Emulators.Graph;

/// <summary>
/// Answers one Graph call, from the wire or from a <c>$batch</c>: the mailbox's throttle (429 with a fractional
/// <c>Retry-After</c>), then injected faults, then latency, then the handler. Batch parts pass here one by one, so each
/// is throttled on its own.
/// </summary>
internal sealed class GraphDispatcher
{
    private readonly GraphEmulatorOptions options;
    private readonly GraphState state;
    private readonly EmulatedClock clock;
    private readonly FaultInjector faults;
    private readonly TodoHandlers todo;

    public GraphDispatcher(GraphEmulatorOptions options, GraphState state, EmulatedClock clock)
    {
        this.options = options;
        this.state = state;
        this.clock = clock;
        faults = new FaultInjector(options.Faults);
        Throttle = new MailboxThrottle(options.Limits, clock);
        todo = new TodoHandlers(state, clock, options.DefaultPageSize);
    }

    public MailboxThrottle Throttle { get; }

    public async Task<GraphResponse> DispatchAsync(GraphRequest request, CancellationToken cancellationToken)
    {
        var segments = request.Path.Trim('/').Split('/');
        var now = clock.EmulatedNow;
        if (segments.Length < 3 || segments[0] != "users" || segments[1].Length == 0)
        {
            return GraphErrors.Create(400, "BadRequest", $"Resource not found for the segment '{segments[0]}'.", now);
        }

        var user = Uri.UnescapeDataString(segments[1]);
        state.CountRequest(user);
        var wait = Throttle.TryEnter(user, out var lease);
        if (wait is { } retryAfter)
        {
            state.CountThrottled(user);
            return TooManyRequests(retryAfter, now);
        }

        using (lease)
        {
            switch (faults.Next())
            {
                case InjectedFault.Throttle:
                    state.CountFault();
                    return TooManyRequests(clock.ToReal(FaultInjector.ThrottleRetryAfter), now);
                case InjectedFault.Unavailable:
                    state.CountFault();
                    return GraphErrors.Create(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later.", now);
                case InjectedFault.Timeout:
                    state.CountFault();
                    await clock.DelayAsync(options.Faults.TimeoutDelay, cancellationToken);
                    break;
            }

            await clock.DelayAsync(options.Latency, cancellationToken);
            if (request.BodyIsInvalidJson)
            {
                return GraphErrors.Invalid("The request body is not valid JSON.", now);
            }

            var mailbox = state.FindUser(user);
            if (mailbox is null)
            {
                return GraphErrors.NotFound("ResourceNotFound", $"Resource '{user}' does not exist or one of its queried reference-property objects are not present.", now);
            }

            return segments switch
            {
                [_, _, "sendMail"] => SendMailHandler.Handle(request, state, mailbox.UserId, now),
                [_, _, "todo", "lists", ..] => todo.Handle(request, mailbox, segments),
                _ => GraphErrors.Create(400, "BadRequest", $"Resource not found for the segment '{segments[2]}'.", now),
            };
        }
    }

    /// <summary>Outlook's throttling error as recorded from the service (fidelity facts 23 and §B), not the docs' generic sample.</summary>
    public const string ThrottledCode = "ApplicationThrottled";

    /// <summary>The message of <see cref="ThrottledCode"/> as recorded; no other Outlook 429 message is on record, so every mailbox 429 carries it.</summary>
    public const string ThrottledMessage = "Application is over its MailboxConcurrency limit.";

    /// <summary>
    /// Outlook's 429 for a mailbox (the limits, a blocked mailbox, or an injected fault: To Do and mail are Outlook
    /// resources, so all three answer alike): code <see cref="ThrottledCode"/>, fractional seconds in <c>Retry-After</c>.
    /// </summary>
    private static GraphResponse TooManyRequests(TimeSpan realWait, DateTimeOffset now) =>
        GraphErrors.Create(429, ThrottledCode, ThrottledMessage, now, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Retry-After"] = RetryAfterValue.Format(realWait, wholeSeconds: false),
        });
}
