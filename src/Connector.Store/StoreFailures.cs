using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Connector.Store;

/// <summary>The kinds of failure a person can act on differently.</summary>
public enum StoreFailureKind
{
    /// <summary>Any other failure of the database.</summary>
    Other,

    /// <summary>Another program holds SQLite's write lock longer than a write waits.</summary>
    Locked,

    /// <summary>No space left where the database writes.</summary>
    DiskFull,

    /// <summary>The PostgreSQL server ended or refused the connection (shut down, restarted, the backend terminated).</summary>
    ConnectionLost,
}

/// <summary>
/// What a failure of the store means to the person reading it, in one line: what failed (which store) and what to do.
/// The providers' own messages name the host and database, never the password; no stack trace reaches the line.
/// </summary>
public static class StoreFailures
{
    // SQLite result codes (sqlite.org/rescode.html): the primary code is the low byte of an extended one.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    // ENOSPC on Linux and macOS (an IOException's HResult is the errno there); ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private const int NoSpaceErrno = 28;
    private const int WindowsDiskFull = 0x70;
    private const int WindowsHandleDiskFull = 0x27;

    /// <summary>Which kind of failure <paramref name="failure"/> (or an exception inside it) is.</summary>
    public static StoreFailureKind Classify(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked:
                    return StoreFailureKind.Locked;
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) == SqliteFull:
                    return StoreFailureKind.DiskFull;
                case PostgresException { SqlState: "53100" }:
                    return StoreFailureKind.DiskFull;
                case PostgresException postgres when postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return StoreFailureKind.ConnectionLost;
                case NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException or EndOfStreamException or TimeoutException }:
                    return StoreFailureKind.ConnectionLost;
                case IOException io when IsDiskFull(io):
                    return StoreFailureKind.DiskFull;
            }
        }

        return StoreFailureKind.Other;
    }

    /// <summary>
    /// One line: <c>store (sqlite data/connector.db): the disk is full (…): free space on that disk, then run again</c>.
    /// <paramref name="store"/> is the store's description (<see cref="ConnectorStoreFactory.Describe"/>).
    /// </summary>
    public static string Describe(Exception failure, string store)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var detail = Detail(failure);
        return Classify(failure) switch
        {
            StoreFailureKind.Locked => $"store ({store}): the database is locked by another program (another connector, a backup or an open sqlite3 session writing to it) "
                + $"and stayed locked longer than a write waits ({detail}): let that program finish or stop it, then run again",
            StoreFailureKind.DiskFull => $"store ({store}): the disk is full ({detail}): free space on the disk the database is on, then run again",
            StoreFailureKind.ConnectionLost => $"store ({store}): the database server ended the connection ({detail}): check that PostgreSQL is running and reachable, then run again",
            _ => $"store ({store}): {detail}",
        };
    }

    /// <summary>Whether <paramref name="failure"/> says the disk is full (ENOSPC, or Windows' disk-full errors).</summary>
    public static bool IsDiskFull(IOException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var code = failure.HResult;
        return OperatingSystem.IsWindows()
            ? (code & 0xFFFF) is WindowsDiskFull or WindowsHandleDiskFull
            : code == NoSpaceErrno;
    }

    /// <summary>The provider's message, one line; for PostgreSQL the SQLSTATE first (<c>57P01: terminating connection …</c>).</summary>
    private static string Detail(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is DbException or IOException)
            {
                return OneLine(e.Message);
            }
        }

        return OneLine(failure.Message);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
