namespace Connector.Dataverse.WebApi;

/// <summary>
/// Counts the HTTP attempts made for one unit of work, retries included: attached to each request through
/// <see cref="HttpRequestMessage.Options"/> and incremented by the handler that actually sends.
/// </summary>
public sealed class RequestCounter
{
    internal static readonly HttpRequestOptionsKey<RequestCounter> OptionKey = new("Connector.Dataverse.RequestCounter");

    private int count;

    /// <summary>Attempts counted so far.</summary>
    public int Count => Volatile.Read(ref count);

    internal void Increment() => Interlocked.Increment(ref count);
}
