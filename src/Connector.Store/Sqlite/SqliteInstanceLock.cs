using Microsoft.Data.Sqlite;

namespace Connector.Store.Sqlite;

/// <summary>
/// SQLite serves one <c>connector run</c> at a time: its scheduler lives in memory, so a second instance on the same file
/// would run every cycle a second time, side by side. The first instance holds an exclusive lock on a file beside the
/// database (<c>connector.db.run-lock</c>) for as long as it runs; the operating system drops it when the process ends,
/// however it ends, so a crash never leaves a stale lock behind.
/// </summary>
public sealed class SqliteInstanceLock : IDisposable
{
    private readonly FileStream? file;

    private SqliteInstanceLock(FileStream? file, string path)
    {
        this.file = file;
        Path = path;
    }

    /// <summary>The lock file (empty for an in-memory database, which no other process can share).</summary>
    public string Path { get; }

    /// <summary>Takes the lock for the SQLite store of <paramref name="options"/>; <c>null</c> when another process holds it.</summary>
    public static SqliteInstanceLock? TryAcquire(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = PathFor(options);
        if (path.Length == 0)
        {
            return new SqliteInstanceLock(null, path);
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        try
        {
            // FileShare.None: an exclusive lock (flock on Unix, a share mode on Windows) until the stream is closed.
            return new SqliteInstanceLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The lock file of the SQLite store of <paramref name="options"/>; empty for an in-memory database.</summary>
    public static string PathFor(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = new SqliteConnectionStringBuilder(options.ResolveConnectionString()).DataSource;
        return source.Length == 0 || source.Contains(":memory:", StringComparison.OrdinalIgnoreCase) ? string.Empty : System.IO.Path.GetFullPath(source) + ".run-lock";
    }

    public void Dispose() => file?.Dispose();
}
