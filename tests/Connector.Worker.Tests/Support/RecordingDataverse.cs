using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Connector.Sync.Ports;

namespace Connector.Worker.Tests.Support;

/// <summary>
/// A Dataverse stand-in for worker tests where the wire format is not the point: it accepts every upsert, has nothing
/// changed to read back, and records what it was sent. <see cref="OnUpsert"/> lets a test hold a run in the middle.
/// </summary>
internal sealed class RecordingDataverse : IDataverse
{
    public ConcurrentQueue<(string Table, int Records)> Upserts { get; } = new();

    /// <summary>Called before each upsert is answered (a test may hold the run here).</summary>
    public Func<CancellationToken, Task>? OnUpsert { get; set; }

    public async Task<DataverseUpsertResult> UpsertAsync(DataverseTable table, IReadOnlyList<DataverseUpsert> records, CancellationToken cancellationToken)
    {
        if (OnUpsert is { } hook)
        {
            await hook(cancellationToken);
        }

        Upserts.Enqueue((table.LogicalName, records.Count));
        return new DataverseUpsertResult(records.Count, [], 1);
    }

    public async IAsyncEnumerable<DataverseChangePage> ReadChangesAsync(
        DataverseTable table, IReadOnlyList<string> columns, string? deltaLink, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new DataverseChangePage([], [], "delta:" + table.EntitySetName);
    }

    public Task<DataverseWriteResult> WriteByIdAsync(DataverseTable table, Guid id, string columns, DataverseWriteMode mode, CancellationToken cancellationToken) =>
        Task.FromResult(new DataverseWriteResult(DataverseWriteStatus.Written));

    public Task<System.Text.Json.JsonElement?> ReadByIdAsync(DataverseTable table, Guid id, IReadOnlyList<string> columns, CancellationToken cancellationToken) =>
        Task.FromResult<System.Text.Json.JsonElement?>(null);

    public async IAsyncEnumerable<IReadOnlyList<System.Text.Json.JsonElement>> ReadAllAsync(
        DataverseTable table, IReadOnlyList<string> columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return [];
    }
}
