using Connector.Bank.Accounts;
using Connector.Erp.Csv;
using Connector.Sync.Ports;

namespace Connector.Bank.Drop;

/// <summary>
/// The folder the bank's statements are dropped into, read with the ERP drop folder's file discipline (<see cref="DropFolderFiles"/>):
/// only regular files, none written within the settle time or changing while hashed, each identified by its content hash,
/// archived once stored, set aside into <c>archive/</c> when it fails as a whole.
/// </summary>
public sealed class BankDropSource : IBankStatementSource
{
    private readonly BankOptions options;
    private readonly DropFolderFiles? files;

    public BankDropSource(BankOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.options = options;
        Accounts = options.Accounts.Select(BankAccount.Normalize).ToHashSet(StringComparer.Ordinal);
        files = options.IsEnabled
            ? new DropFolderFiles(options.DropFolder, TimeSpan.FromSeconds(options.FileSettleSeconds), timeProvider, "Bank:FileSettleSeconds", "the bank")
            : null;
    }

    public IReadOnlyCollection<string> Accounts { get; }

    public bool IsConfigured => files is not null;

    public async Task<IReadOnlyList<IBankStatementUnit>> DiscoverAsync(CancellationToken cancellationToken)
    {
        if (files is null)
        {
            return [];
        }

        var folder = files.Paths.DropFolder;
        if (!Directory.Exists(folder))
        {
            throw new BankSourceException($"the bank drop folder {folder} (Bank:DropFolder) does not exist: create it, or set Bank:DropFolder to the folder the bank's statements arrive in");
        }

        IReadOnlyList<FileInfo> found;
        try
        {
            found = files.List(string.IsNullOrWhiteSpace(options.FilePattern) ? "*" : options.FilePattern);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BankSourceException($"the bank drop folder {folder} (Bank:DropFolder) cannot be listed: {e.Message}", e);
        }

        var units = new List<IBankStatementUnit>(found.Count);
        foreach (var file in found)
        {
            units.Add(await files.InspectAsync(file, kept: false, cancellationToken).ConfigureAwait(false) switch
            {
                DropFileState.Ready ready => new BankStatementFile(file.Name, ready.Path, files.Paths, ready.Snapshot),
                DropFileState.Unreadable unreadable => new UnusableFile(file.Name, $"bank:entry:{file.Name}", null, unreadable.Relative, "cannot be read: " + unreadable.Why),
                DropFileState.Waiting waiting => new UnusableFile(file.Name, $"bank:waiting:{file.Name}", waiting.Reason, null, null),
                _ => throw new InvalidOperationException("unknown drop file state"),
            });
        }

        return units;
    }
}
