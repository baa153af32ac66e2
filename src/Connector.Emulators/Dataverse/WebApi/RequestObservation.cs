using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// Calls <see cref="DataverseEmulatorOptions.Observer"/> at each <see cref="RequestPhase"/> of the requests that reach
/// the data plane (refusals by the front door never do). The observer runs synchronously on the request's thread, so a
/// test can act at an exact point — stop the client process while a write is applied but unanswered, say.
/// </summary>
internal sealed class RequestObservation(DataverseEmulatorOptions options)
{
    private readonly ConcurrentDictionary<(string Kind, string? EntitySet), int> ordinals = new();

    /// <summary>Numbers the request, tells the observer it was received and remembers it on the context for the later phases.</summary>
    public void Received(HttpContext context, string method, string kind, string? entitySet)
    {
        if (options.Observer is not { } observer)
        {
            return;
        }

        var ordinal = ordinals.AddOrUpdate((kind, entitySet), 1, static (_, count) => count + 1);
        var observed = new ObservedRequest(RequestPhase.Received, method, kind, entitySet, ordinal, null);
        context.Items[typeof(ObservedRequest)] = observed;
        observer(observed);
    }

    public void Executed(HttpContext context, int status) => Raise(context, RequestPhase.Executed, status);

    /// <summary>The outermost middleware: completes the answer on the wire, then tells the observer.</summary>
    public async Task AnswerAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Items.ContainsKey(typeof(ObservedRequest)))
        {
            await context.Response.CompleteAsync();
            Raise(context, RequestPhase.Answered, context.Response.StatusCode);
        }
    }

    private void Raise(HttpContext context, RequestPhase phase, int status)
    {
        if (options.Observer is { } observer && context.Items[typeof(ObservedRequest)] is ObservedRequest observed)
        {
            observer(observed with { Phase = phase, Status = status });
        }
    }
}
