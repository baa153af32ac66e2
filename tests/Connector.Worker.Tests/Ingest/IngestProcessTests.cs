using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Connector.Mapping.Canonical;
using Connector.Store;
using Connector.Worker.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Connector.Worker.Tests.Ingest;

/// <summary>
/// The real executable against what the ERP side and the machine do to it: a file still being written, a named pipe, a
/// file it may not read, the database locked by another program, a full disk. Each ends in one line and exit 0 or 1, and
/// a later run lands everything: nothing is lost, nothing archived unread.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class IngestProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Ingest_FileAppendedWhileTheConnectorReadsIt_NotArchivedAndTheNextRunLandsEveryRow()
    {
        using var workspace = await CustomersLandedAsync();
        var path = Path.Combine(workspace.DropFolder, "CUST_LEDGER_ENTRIES_GROWING.csv");
        var rows = InvoiceRows().GetEnumerator();
        var written = 0;
        CliResult first;
        await using (var file = new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete), new UTF8Encoding(false)))
        {
            await file.WriteAsync(LedgerHeader + "\r\n");
            written += await WriteRowsAsync(file, rows, 2_000);
            using var ingest = ConnectorProcess.Start(workspace, ["ingest", "--entity", "invoices"]);

            // The ERP keeps appending while the connector reads, and for as long as it runs.
            while (!ingest.HasExited || written < 3_000)
            {
                written += await WriteRowsAsync(file, rows, 10);
                await Task.Delay(1);
            }

            first = await ingest.ExitAsync(Limit);
        }

        var second = await workspace.RunAsync("ingest", "--entity", "invoices", "--format", "csv");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains(first.ErrorLines, static l => l.StartsWith("warning: CUST_LEDGER_ENTRIES_GROWING.csv: left for the next run: ", StringComparison.Ordinal));
        Assert.Contains("CUST_LEDGER_ENTRIES_GROWING.csv: left for the next run: ", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(written, await CountAsync(workspace, CanonicalEntity.Invoices));
        Assert.Equal(["CUST_LEDGER_ENTRIES_GROWING.csv"], Directory.GetFiles(Path.Combine(workspace.DropFolder, "archive"), "CUST_LEDGER_*").Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(workspace.DropFolder, "*.csv"));
    }

    [Fact]
    public async Task Ingest_NamedPipeInTheDropFolder_SkipsItWithAWarningAndReadsEveryFile()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        var pipe = Path.Combine(workspace.DropFolder, "CASH_RECEIPTS_pipe.csv");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        using var ingest = ConnectorProcess.Start(workspace, ["ingest", "--format", "csv"]);
        var result = await ingest.ExitAsync(Limit);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["warning: CASH_RECEIPTS_pipe.csv: skipped: it is a named pipe (FIFO), not a regular file; only regular files are read (move it out of the drop folder)"],
            result.ErrorLines);
        Assert.Contains("payments,2983,2983,0,0,0,0,CASH_RECEIPTS_20261116.csv", result.OutputLines);
        Assert.True(File.Exists(pipe), "the pipe stays where it is");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Ingest_FileTheConnectorsUserMayNotRead_IsOneLetterAndEveryOtherFileLands()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        var secret = Path.Combine(workspace.DropFolder, "CUSTOMERS_secret.csv");
        File.Copy(Path.Combine(Workspace.SampleExport, "CUSTOMERS_20261116.csv"), secret);
        File.SetUnixFileMode(secret, UnixFileMode.None);

        // Root reads any file (CAP_DAC_OVERRIDE): run the connector without that capability, as an ordinary user would be.
        var wrapper = CanRead(secret) ? (string[])["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"] : null;
        using var ingest = ConnectorProcess.Start(workspace, ["ingest", "--format", "csv"], wrapper: wrapper);
        var result = await ingest.ExitAsync(Limit);
        var letters = await workspace.RunAsync("deadletters", "list", "--each", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"warning: CUSTOMERS_secret.csv: cannot be read: Access to the path '{secret}' is denied. (it stays where it is: once it is fixed, the next run reads it)", result.ErrorLines);
        Assert.Contains("customers,240,240,0,0,0,0,\"CUSTOMERS_20261116.csv, CUSTOMERS_secret.csv\"", result.OutputLines);
        Assert.Contains("invoices,9222,6251,0,0,0,2971,CUST_LEDGER_ENTRIES_20261116.csv", result.OutputLines);
        Assert.Contains(letters.OutputLines, static l => l.Contains(",customers,CUSTOMERS_secret.csv,file,,,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_DatabaseLockedByAnotherProgramMidIngest_OneLineExitOneAndTheNextRunLandsEveryRow()
    {
        using var workspace = await CustomersLandedAsync();
        var database = Path.Combine(workspace.Root, "data", "connector.db");

        // A write waits 2 s for the lock here (the connection string's Default Timeout; 30 s unless set).
        workspace.UseSection("Store", new { DataDirectory = Path.Combine(workspace.Root, "data"), ConnectionString = $"Data Source={database};Default Timeout=2" });
        var expected = DropLargeLedger(workspace, 400_000); // long enough that the lock lands mid-ingest on a quiet machine too (ingest runs ~250k rows/s)

        CliResult locked;
        using (var ingest = ConnectorProcess.Start(workspace, ["ingest", "--entity", "invoices"], new Dictionary<string, string> { ["Ingest__BatchSize"] = "2000" }))
        {
            await WaitForACommitAsync(database, ingest);
            await using var other = new SqliteConnection($"Data Source={database};Pooling=False;Default Timeout=60");
            await other.OpenAsync();
            await using var hold = await other.BeginTransactionAsync();
            locked = await ingest.ExitAsync(Limit);
        }

        var resumed = await workspace.RunAsync("ingest", "--entity", "invoices");

        Assert.Equal(1, locked.ExitCode);
        var line = Assert.Single(locked.ErrorLines);
        Assert.StartsWith($"ingest: store (sqlite {database}): the database is locked by another program (another connector, a backup or an open sqlite3 session writing to it) and stayed locked longer than a write waits (SQLite Error 5: 'database is locked'): let that program finish or stop it, then run again", line, StringComparison.Ordinal);
        Assert.EndsWith("; nothing committed is lost, and the next 'connector ingest' resumes after the last stored batch", line, StringComparison.Ordinal);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(expected, await CountAsync(workspace, CanonicalEntity.Invoices));
    }

    [RootFact]
    public async Task Ingest_DiskFullMidIngest_OneLineExitOneAndAfterSpaceIsFreedTheNextRunLandsEveryRow()
    {
        using var workspace = new Workspace();
        var data = Path.Combine(workspace.Root, "data");
        Directory.CreateDirectory(data);
        // Room for the schema (64 KB pages: 0017's ledger_source added two) and the customers, not for the 40,000 invoices.
        await ExecAsync("mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", data);
        try
        {
            foreach (var name in (string[])["COLLECTORS_20261116.csv", "CUSTOMERS_20261116.csv"])
            {
                File.Copy(Path.Combine(Workspace.SampleExport, name), Path.Combine(workspace.DropFolder, name));
            }

            Assert.Equal(0, (await workspace.RunAsync("ingest")).ExitCode);
            var expected = DropLargeLedger(workspace, 40_000);

            using var ingest = ConnectorProcess.Start(workspace, ["ingest", "--entity", "invoices"], new Dictionary<string, string> { ["Ingest__BatchSize"] = "2000" });
            var full = await ingest.ExitAsync(Limit);
            await ExecAsync("mount", "-o", "remount,size=256m", data);
            var resumed = await workspace.RunAsync("ingest", "--entity", "invoices");

            Assert.Equal(1, full.ExitCode);
            var line = Assert.Single(full.ErrorLines);
            Assert.StartsWith($"ingest: store (sqlite {Path.Combine(data, "connector.db")}): the disk is full (SQLite Error 13: 'database or disk is full'): free space on the disk the database is on, then run again;", line, StringComparison.Ordinal);
            Assert.Equal(0, resumed.ExitCode);
            Assert.Equal(expected, await CountAsync(workspace, CanonicalEntity.Invoices));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await ExecAsync("umount", "-l", data);
        }
    }

    private const string LedgerHeader =
        "Entry No.;Posting Date;Document Date;Document Type;Document No.;Customer No.;Customer Name;Description;External Document No.;Currency Code;Amount;Remaining Amount;Due Date;Open;Reason Code;Dispute Status;Last Modified";

    /// <summary>A workspace whose ledger already holds the sample's collectors and customers, which invoices refer to.</summary>
    private static async Task<Workspace> CustomersLandedAsync()
    {
        var workspace = new Workspace();
        foreach (var name in (string[])["COLLECTORS_20261116.csv", "CUSTOMERS_20261116.csv"])
        {
            File.Copy(Path.Combine(Workspace.SampleExport, name), Path.Combine(workspace.DropFolder, name));
        }

        Assert.Equal(0, (await workspace.RunAsync("ingest")).ExitCode);
        return workspace;
    }

    /// <summary>The sample ledger's invoice rows, endlessly, each with a document number of its own.</summary>
    private static IEnumerable<string> InvoiceRows()
    {
        var invoices = File.ReadAllLines(Path.Combine(Workspace.SampleExport, "CUST_LEDGER_ENTRIES_20261116.csv"))
            .Where(static l => l.Contains(";Invoice;INV-", StringComparison.Ordinal))
            .ToArray();
        for (var i = 0; ; i++)
        {
            yield return invoices[i % invoices.Length].Replace(";INV-", string.Create(CultureInfo.InvariantCulture, $";INV{i:D6}-"), StringComparison.Ordinal);
        }
    }

    private static async Task<int> WriteRowsAsync(StreamWriter file, IEnumerator<string> rows, int count)
    {
        for (var i = 0; i < count && rows.MoveNext(); i++)
        {
            await file.WriteAsync(rows.Current + "\r\n");
        }

        await file.FlushAsync();
        return count;
    }

    /// <summary>Drops an invoices file of <paramref name="count"/> rows; returns how many invoices it holds.</summary>
    private static long DropLargeLedger(Workspace workspace, int count)
    {
        workspace.Drop("CUST_LEDGER_ENTRIES_LARGE.csv", LedgerHeader + "\r\n" + string.Join("\r\n", InvoiceRows().Take(count)) + "\r\n");
        return count;
    }

    private static async Task WaitForACommitAsync(string database, ConnectorProcess ingest)
    {
        using var timeout = new CancellationTokenSource(Limit);
        while (!ingest.HasExited)
        {
            await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
            {
                await connection.OpenAsync(timeout.Token);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT value FROM sync_checkpoint WHERE key LIKE 'csv:invoices:%'";
                if (await command.ExecuteScalarAsync(timeout.Token) is string)
                {
                    return;
                }
            }

            await Task.Delay(10, timeout.Token);
        }

        Assert.Fail("ingest ended before its first commit");
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<long> CountAsync(Workspace workspace, CanonicalEntity entity)
    {
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = Path.Combine(workspace.Root, "data") }, TimeProvider.System, CancellationToken.None);
        return await store.CountRecordsAsync(entity, CancellationToken.None);
    }

    private static async Task ExecAsync(string command, params string[] args)
    {
        using var mount = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = await mount.StandardError.ReadToEndAsync();
        await mount.WaitForExitAsync();
        Assert.True(mount.ExitCode == 0, $"{command} {string.Join(' ', args)} failed: {error}");
    }
}
