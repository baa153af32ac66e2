using Microsoft.Data.Sqlite;

namespace Connector.Store.Tests;

/// <summary>A store failure is one line naming the store, what happened and what to do; never a stack trace, never a password.</summary>
public sealed class StoreFailuresTests
{
    private const string Store = "sqlite /srv/connector/data/connector.db";

    [Fact]
    public void Describe_NoSpaceLeftOnTheDisk_SaysTheDiskIsFullAndToFreeSpace()
    {
        // ENOSPC as .NET raises it on Linux (the errno is the HResult); ERROR_DISK_FULL (0x70) on Windows.
        var full = new IOException("No space left on device : '/srv/connector/data/connector.db-wal'", OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28);

        Assert.Equal(StoreFailureKind.DiskFull, StoreFailures.Classify(new InvalidOperationException("wrapped", full)));
        Assert.Equal(
            "store (sqlite /srv/connector/data/connector.db): the disk is full (No space left on device : '/srv/connector/data/connector.db-wal'): free space on the disk the database is on, then run again",
            StoreFailures.Describe(full, Store));
    }

    [Fact]
    public void Describe_OtherInputOutputError_IsNotCalledADiskFull()
    {
        Assert.Equal(StoreFailureKind.Other, StoreFailures.Classify(new IOException("Input/output error", 5)));
    }

    [Fact]
    public void Describe_SqliteBusy_SaysAnotherProgramHoldsTheLockAndWhatToDo()
    {
        var locked = new SqliteException("SQLite Error 5: 'database is locked'.", 5);

        Assert.Equal(
            "store (sqlite /srv/connector/data/connector.db): the database is locked by another program (another connector, a backup or an open sqlite3 session writing to it) "
            + "and stayed locked longer than a write waits (SQLite Error 5: 'database is locked'): let that program finish or stop it, then run again",
            StoreFailures.Describe(locked, Store));
    }

    [Fact]
    public void Describe_SqliteFull_SaysTheDiskIsFull()
    {
        Assert.StartsWith(
            "store (sqlite /srv/connector/data/connector.db): the disk is full (SQLite Error 13: 'database or disk is full'): free space",
            StoreFailures.Describe(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13), Store),
            StringComparison.Ordinal);
    }
}
