using System.Collections.Concurrent;

namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// How many requests the environment answered, in total and per kind (create, upsert, query, batch …), so tests and
/// benchmarks can assert that a push sent as many requests as it should. Only requests that reach the data plane are
/// counted; what the front door refused (401, 429, injected faults) is in <c>DataverseEmulator.FrontDoor.Stats</c>.
/// </summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, long> byKind = new(StringComparer.Ordinal);
    private long total;

    /// <summary>Every HTTP request counted (a $batch counts once, as Dataverse counts it).</summary>
    public long Total => Interlocked.Read(ref total);

    /// <summary>Requests of one kind; 0 when none.</summary>
    public long Of(string kind) => byKind.TryGetValue(kind, out var count) ? count : 0;

    /// <summary>A snapshot of every kind seen so far.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(byKind, StringComparer.Ordinal);

    /// <summary>Counts one request of <paramref name="kind"/>.</summary>
    public void Increment(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        Interlocked.Increment(ref total);
        byKind.AddOrUpdate(kind, 1, static (_, count) => count + 1);
    }
}

/// <summary>The kinds <see cref="RequestCounters"/> uses.</summary>
public static class RequestKinds
{
    public const string Create = "create";
    public const string Upsert = "upsert";
    public const string Retrieve = "retrieve";
    public const string Query = "query";
    public const string Delete = "delete";
    public const string Batch = "batch";
    public const string Bulk = "bulk";
    public const string Metadata = "metadata";
    public const string Action = "action";
    public const string NotFound = "notfound";
}
