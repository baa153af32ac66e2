using System.Collections.Concurrent;
using Connector.Emulators.Dataverse;

namespace Connector.Emulators.Graph;

/// <summary>
/// Calls <see cref="GraphEmulatorOptions.Observer"/> at each <see cref="RequestPhase"/> of the requests that pass the
/// front door (token, version). It runs synchronously on the request's thread, so a test can act at an exact point:
/// stop the client process while a task create is applied but unanswered, say.
/// </summary>
internal sealed class GraphObservation(GraphEmulatorOptions options)
{
    private readonly ConcurrentDictionary<(string Operation, string? User), int> ordinals = new();

    /// <summary>Numbers the request and tells the observer it was received; null when nobody observes.</summary>
    public ObservedGraphRequest? Received(string method, string relativePath)
    {
        if (options.Observer is not { } observer)
        {
            return null;
        }

        var operation = GraphOperations.Classify(method, relativePath);
        var segments = relativePath.Split('/');
        var user = segments.Length > 1 && segments[0] == "users" ? Uri.UnescapeDataString(segments[1]) : null;
        var ordinal = ordinals.AddOrUpdate((operation, user?.ToUpperInvariant()), 1, static (_, count) => count + 1);
        var observed = new ObservedGraphRequest(RequestPhase.Received, method, operation, user, ordinal, null);
        observer(observed);
        return observed;
    }

    public void Raise(ObservedGraphRequest? observed, RequestPhase phase, int status)
    {
        if (observed is not null && options.Observer is { } observer)
        {
            observer(observed with { Phase = phase, Status = status });
        }
    }
}
