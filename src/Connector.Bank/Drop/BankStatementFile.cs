using Connector.Erp.Csv;
using Connector.Sync.Ports;

namespace Connector.Bank.Drop;

/// <summary>
/// One statement file at rest in the drop folder. It is read only up to the length it had when it was found and used only
/// when what was read hashes to what was found: a file the bank is still writing is left for the next run, never half-read.
/// </summary>
internal sealed class BankStatementFile(string name, string path, DropPaths paths, FileSnapshot snapshot) : IBankStatementUnit
{
    public string Name { get; } = name;

    public string CheckpointKey { get; } = $"bank:{snapshot.Hash}";

    public string? NotReady => null;

    public string? KeptAs { get; } = paths.KeptAs(name, snapshot);

    public async Task<BankStatementRead> ReadAsync(CancellationToken cancellationToken)
    {
        if (snapshot.ChangedSince(path) is { } changed)
        {
            return BankStatementRead.Unsettled(changed);
        }

        // Read whole into memory first (a day's statement is megabytes): what is parsed is exactly the bytes hashed.
        var content = new MemoryStream((int)Math.Min(snapshot.Length, int.MaxValue));
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                var bytes = new SnapshotStream(stream, snapshot.Length);
                await bytes.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
                if (bytes.BytesRead != snapshot.Length || bytes.Hash != snapshot.Hash || snapshot.ChangedSince(path) is not null)
                {
                    return BankStatementRead.Unsettled(snapshot.ChangedSince(path) ?? "its content changed while it was read (the bank is still writing it)");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return BankStatementRead.Failed("unknown", "cannot be read: " + e.Message);
        }

        content.Position = 0;
        return BankStatementReader.Read(content);
    }

    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        Moving(() => paths.Archive(path, Name, snapshot));
        return Task.CompletedTask;
    }

    public Task SetAsideAsync(CancellationToken cancellationToken)
    {
        Moving(() => paths.SetAside(path, KeptAs!));
        return Task.CompletedTask;
    }

    private void Moving(Action move)
    {
        try
        {
            move();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BankSourceException($"Cannot move {path} to archive/: {e.Message}; the next run tries again", e);
        }
    }
}

/// <summary>
/// An entry of the drop folder that is not read now: one still being written or not a regular file (<see cref="NotReady"/>: left
/// where it is, said so), or one that cannot be read at all (a dead letter of its own; it stays where it is, and once fixed the
/// next run reads it).
/// </summary>
internal sealed class UnusableFile(string name, string checkpointKey, string? notReady, string? keptAs, string? problem) : IBankStatementUnit
{
    public string Name { get; } = name;

    public string CheckpointKey { get; } = checkpointKey;

    public string? NotReady { get; } = notReady;

    public string? KeptAs { get; } = keptAs;

    public Task<BankStatementRead> ReadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(BankStatementRead.Failed("unknown", problem ?? NotReady ?? "cannot be read"));

    public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetAsideAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
