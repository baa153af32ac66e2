using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Connector.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for database tests: <c>initdb</c> in a temporary directory, a free port on
/// 127.0.0.1, stopped and deleted on dispose. No test relies on a server that was already running. When the
/// PostgreSQL binaries are missing the fixture fails with a message saying how to install them (tests never skip).
/// </summary>
/// <remarks>
/// Share one cluster per test assembly through an xunit collection (tests in a collection run one after another):
/// <code>
/// [CollectionDefinition("postgres")]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresCluster&gt;;
///
/// [Collection("postgres")]
/// public sealed class MyTests(PostgresCluster cluster)
/// {
///     [Fact]
///     public async Task Something_Works()
///     {
///         var connectionString = await cluster.CreateDatabaseAsync("my_tests");
///         ...
///     }
/// }
/// </code>
/// When running as root (containers, CI) the cluster runs as the <c>postgres</c> user, since PostgreSQL refuses root.
/// </remarks>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string SuperUser = "postgres";
    private int databases;
    private string? directory;
    private string? binaries;
    private bool asPostgres;

    /// <summary>The port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; private set; }

    /// <summary>A connection string to the <c>postgres</c> database as the superuser (no password: trust auth).</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public async Task InitializeAsync()
    {
        binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: no initdb/pg_ctl in /usr/lib/postgresql/*/bin or on PATH. " +
            "Install Debian's package (apt-get install -y --no-install-recommends postgresql) or run ./test.sh, which does.");
        directory = Directory.CreateTempSubdirectory("connector-pg-").FullName;
        asPostgres = IsRoot();
        if (asPostgres)
        {
            await RunAsync("chown", [SuperUser + ":", directory], asUser: false).ConfigureAwait(false);
        }

        var data = Path.Combine(directory, "data");
        await RunAsync(Path.Combine(binaries, "initdb"), ["-D", data, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres)
            .ConfigureAwait(false);

        // Another process may take the port between probing and binding: try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            try
            {
                var options = $"-p {Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
                await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-l", Path.Combine(directory, "server.log"), "-o", options, "-w", "-t", "60", "start"], asPostgres)
                    .ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException e)
            {
                last = e;
            }
        }

        throw new InvalidOperationException($"PostgreSQL did not start; server log: {ReadLog()}", last);
    }

    /// <summary>
    /// Creates an empty database and returns a connection string to it. The name is made unique with a counter
    /// (<c>store_tests</c> → <c>store_tests_3</c>), so every call gives a fresh database.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        var safe = new string([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        var database = $"{safe}_{Interlocked.Increment(ref databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionStringFor(database);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (directory is null)
        {
            return;
        }

        try
        {
            if (binaries is not null && File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
            {
                await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop"], asPostgres)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Timeout = 30,
    }.ConnectionString;

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var newest = Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }

    private static bool IsRoot()
    {
        // The effective user id, not $USER (which a container may not set).
        try
        {
            return File.Exists("/proc/self/status")
                && File.ReadLines("/proc/self/status").Any(line => line.StartsWith("Uid:", StringComparison.Ordinal)
                    && line.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private string ReadLog()
    {
        var log = directory is null ? null : Path.Combine(directory, "server.log");
        return log is not null && File.Exists(log) ? File.ReadAllText(log) : "(none)";
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asUser)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser && File.Exists("/usr/sbin/runuser"))
        {
            start.FileName = "/usr/sbin/runuser";
            foreach (var argument in (string[])["-u", SuperUser, "--", program, .. arguments])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else if (asUser)
        {
            start.FileName = "su";
            start.ArgumentList.Add(SuperUser);
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(string.Join(' ', ((string[])[program, .. arguments]).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'")));
        }
        else
        {
            start.FileName = program;
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var text = new StringBuilder().Append(await output.ConfigureAwait(false)).Append(await error.ConfigureAwait(false)).ToString().Trim();
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {text}");
        }
    }
}
