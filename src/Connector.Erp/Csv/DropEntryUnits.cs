using Connector.Sync.Ports;

namespace Connector.Erp.Csv;

/// <summary>
/// An entry of the drop folder that matches a pattern but cannot be read at all (a link that loops or leads nowhere, a
/// file the connector's user may not read): a unit whose reader has only a problem, so it becomes one dead letter of its
/// own and every other file is still read. It stays where it is: once it is fixed the next run reads it, and that read
/// resolves the letter.
/// </summary>
internal sealed class UnreadableEntry : ISourceUnit
{
    private readonly string why;

    public UnreadableEntry(string entity, string name, string why, string keptAs)
    {
        this.why = why;
        Name = name;
        CheckpointKey = KeyOf(entity, name);
        KeptAs = keptAs;
        LetterKeys = [CheckpointKey];
    }

    public string Name { get; }

    /// <summary><c>csv:invoices:entry:OP_1.csv</c>: the entry has no content to hash, so its name identifies its letter.</summary>
    public string CheckpointKey { get; }

    public bool IsFile => true;

    public string? NotReady => null;

    public string KeptAs { get; }

    public IReadOnlyList<string> LetterKeys { get; }

    /// <summary>The source key of the letter for an unreadable entry named <paramref name="name"/>.</summary>
    public static string KeyOf(string entity, string name) => $"csv:{entity}:entry:{name}";

    public bool IsComplete(string? checkpoint) => false;

    public Task<ISourceReader> OpenAsync(string? checkpoint, CancellationToken cancellationToken) =>
        Task.FromResult<ISourceReader>(CsvFileReader.Failed(null, "cannot be read: " + why));

    public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetAsideAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// An entry left where it is without being opened: a file written too recently or still changing (the next run reads
/// it), or something that is not a regular file at all (a named pipe would block the run forever). Reported, never read.
/// </summary>
internal sealed class WaitingEntry(string entity, string name, string notReady) : ISourceUnit
{
    public string Name { get; } = name;

    public string CheckpointKey { get; } = $"csv:{entity}:waiting:{name}";

    public bool IsFile => true;

    public string NotReady { get; } = notReady;

    public string? KeptAs => null;

    public IReadOnlyList<string> LetterKeys => [];

    public bool IsComplete(string? checkpoint) => false;

    public Task<ISourceReader> OpenAsync(string? checkpoint, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Name} is not ready to be read: {NotReady}");

    public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetAsideAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
