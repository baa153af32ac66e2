using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// The Dataverse front door for everything under <c>/api/data/</c>, in the order Dataverse applies it: a bearer token
/// or 401; injected faults; service protection (429 + <c>Retry-After</c> + the documented code); then the endpoints,
/// with an <see cref="ExecutionCostFeature"/> on which they count the records they touch. The request's execution time
/// (latency + records × per-record cost, emulated) delays its answer and is booked against the caller's window. Every
/// answer carries <c>x-ms-dop-hint</c> and the two informational <c>x-ms-ratelimit-*</c> headers.
/// </summary>
/// <remarks>
/// The answer is buffered so it can be held for the execution time after the endpoint has run. A <c>$batch</c> is one
/// request: its inner operations must add their records to the outer request's feature and must not pass through
/// this middleware again (a request that already carries the feature is passed straight through).
/// </remarks>
public sealed class ServiceProtectionMiddleware
{
    private static readonly PathString DataApi = new("/api/data");

    private readonly RequestDelegate next;
    private readonly DataverseFrontDoor frontDoor;

    public ServiceProtectionMiddleware(RequestDelegate next, DataverseFrontDoor frontDoor)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(frontDoor);
        this.next = next;
        this.frontDoor = frontDoor;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments(DataApi, StringComparison.OrdinalIgnoreCase)
            || context.Features.Get<ExecutionCostFeature>() is not null)
        {
            await next(context);
            return;
        }

        context.Response.OnStarting(static state => AddInformationalHeaders((HeaderState)state), new HeaderState(frontDoor, context));
        var aborted = context.RequestAborted;
        try
        {
            await ServeAsync(context, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up (its own timeout or a kill): there is no one left to answer.
        }
    }

    private async Task ServeAsync(HttpContext context, CancellationToken aborted)
    {
        var counters = frontDoor.Counters;
        var caller = BearerCaller.Identify(context.Request.Headers.Authorization);
        if (caller is null)
        {
            counters.Unauthorized();
            await WriteUnauthorizedAsync(context, aborted);
            return;
        }

        CallerIdentity.Set(context, caller);
        var fault = frontDoor.Faults.Next();
        if (fault is InjectedFault.Throttle or InjectedFault.Unavailable)
        {
            counters.Injected(caller, fault);
            await WriteInjectedAsync(context, fault, aborted);
            return;
        }

        if (!frontDoor.Protection.TryEnter(caller, out var lease, out var rejection))
        {
            counters.Throttled(caller, rejection.ErrorCode);
            await HoldIfTimeoutAsync(caller, fault, aborted);
            context.Response.Headers.RetryAfter = rejection.RetryAfterHeader;
            await ErrorResponse.WriteAsync(context, rejection.StatusCode, rejection.ErrorCode, rejection.Message, aborted);
            return;
        }

        counters.Admitted(caller);
        var cost = new ExecutionCostFeature();
        context.Features.Set(cost);
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);

            // The request occupies its concurrency slot for its whole execution time, as a real server would.
            await frontDoor.Clock.DelayAsync(frontDoor.ExecutionTimeOf(cost.Records, cost.RecordsRead), aborted);
        }
        finally
        {
            context.Response.Body = body;
            var executionTime = frontDoor.ExecutionTimeOf(cost.Records, cost.RecordsRead);
            lease.Complete(executionTime);
            counters.Completed(caller, executionTime, cost.Records + cost.RecordsRead);
        }

        await HoldIfTimeoutAsync(caller, fault, aborted);
        if (buffer.Length > 0)
        {
            context.Response.ContentLength ??= buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(body, aborted);
        }
    }

    /// <summary>
    /// An injected timeout: the request has been served (a write has happened) but its answer is held back for
    /// <see cref="FaultOptions.TimeoutDelay"/> of real time, so a client that gives up first never learns the outcome,
    /// the case an idempotent client must survive. The hold ends early when the client aborts.
    /// </summary>
    private async Task HoldIfTimeoutAsync(string caller, InjectedFault fault, CancellationToken aborted)
    {
        if (fault is InjectedFault.Timeout)
        {
            frontDoor.Counters.Injected(caller, fault);
            await Task.Delay(frontDoor.Faults.Options.TimeoutDelay, frontDoor.Options.TimeProvider, aborted);
        }
    }

    private Task WriteInjectedAsync(HttpContext context, InjectedFault fault, CancellationToken aborted)
    {
        if (fault is InjectedFault.Unavailable)
        {
            // The documentation gives no 503 body; Dataverse's generic UnExpected code stands in for it.
            return ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ProtectionErrorCodes.Unexpected, "An unexpected error occurred.", aborted);
        }

        var retryAfter = frontDoor.Clock.ToReal(FaultInjector.ThrottleRetryAfter);
        context.Response.Headers.RetryAfter = RetryAfterValue.Format(retryAfter, frontDoor.Clock.IsRealTime);
        return ErrorResponse.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            ProtectionErrorCodes.RequestsExceeded,
            ServiceProtection.MessageFor(ProtectionErrorCodes.RequestsExceeded, frontDoor.Protection.Limits),
            aborted);
    }

    /// <summary>
    /// 401 with the challenge Dataverse sends, which clients use to discover the authority. The emulator has no tenant,
    /// so the authority is the multi-tenant <c>common</c> one; the resource is the emulator's own base URL.
    /// </summary>
    private static Task WriteUnauthorizedAsync(HttpContext context, CancellationToken aborted)
    {
        var resource = $"{context.Request.Scheme}://{context.Request.Host}/";
        context.Response.Headers.WWWAuthenticate =
            $"Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id={resource}";
        return ErrorResponse.WriteAsync(
            context, StatusCodes.Status401Unauthorized, ProtectionErrorCodes.AuthenticationRequired, "The requested resource requires authentication.", aborted);
    }

    /// <summary>
    /// The informational headers, computed as the answer starts so they include this request. Dataverse formats the
    /// remaining time as seconds with a thousands separator and two decimals (<c>1,200.00</c>).
    /// </summary>
    private static Task AddInformationalHeaders(HeaderState state)
    {
        var headers = state.Context.Response.Headers;
        headers["x-ms-dop-hint"] = state.FrontDoor.Options.DegreeOfParallelismHint.ToString(CultureInfo.InvariantCulture);
        if (CallerIdentity.Of(state.Context) is { } caller)
        {
            var budget = state.FrontDoor.Protection.Budget(caller);
            headers["x-ms-ratelimit-burst-remaining-xrm-requests"] = budget.RequestsRemaining.ToString(CultureInfo.InvariantCulture);
            headers["x-ms-ratelimit-time-remaining-xrm-requests"] = budget.ExecutionTimeRemaining.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    private sealed record HeaderState(DataverseFrontDoor FrontDoor, HttpContext Context);
}
