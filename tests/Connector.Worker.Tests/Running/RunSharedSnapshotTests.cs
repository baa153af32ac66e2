using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Testing;
using Connector.Worker.Tests.Ingest;
using Connector.Worker.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Connector.Worker.Tests.Running;

/// <summary>
/// Three real <c>connector run</c> processes on loopback ports sharing one PostgreSQL store and the Dataverse emulator,
/// as behind a load balancer (issue 17): every instance answers an order check from the newest published credit
/// snapshot, and a release recorded by the CLI reaches another instance's webhook within seconds.
/// </summary>
/// <remarks>
/// The instances form a Quartz cluster and the schedule never fires: the new cluster's one first cycle (on whichever
/// instance takes it) publishes the evaluation, so what the test observes is the publication through the store.
/// </remarks>
[Collection(WorkerPostgresCollection.Name)]
public sealed class RunSharedSnapshotTests(PostgresCluster cluster, ITestOutputHelper output)
{
    private const string Never = "0 0 0 1 1 ? 2099";
    internal const string Key = "shared-snapshot-key-0123456789-abcdef";

    /// <summary>Bluewater Plastics LLC: on credit hold in the sample company (an invoice more than 60 days overdue).</summary>
    internal const string HeldCustomer = "C-1230";

    [Fact]
    public async Task Run_ThreeInstancesOnePostgreSql_SameAnswerEverywhereAndACliReleaseReachesAnotherInstanceWithinFiveSeconds()
    {
        var connectionString = await cluster.CreateDatabaseAsync("shared_snapshot");
        await using var dataverse = await EmulatedDataverse.StartAsync(TimeProvider.System.GetUtcNow());
        using var workspace = SyncTestKitWorkspace(dataverse, connectionString);
        var instances = new List<(ConnectorProcess Process, Uri Address)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var address = new Uri($"http://127.0.0.1:{FreePort()}/");
                var process = ConnectorProcess.Start(workspace, ["run"], new Dictionary<string, string>
                {
                    ["Webhook__Urls"] = address.ToString().TrimEnd('/'),
                    ["Log__Directory"] = Path.Combine(workspace.Root, $"logs-{i}"),
                });
                instances.Add((process, address));
            }

            // A new cluster runs one first cycle (on whichever instance takes it); the schedule never fires here.
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var (process, address) in instances)
            {
                await WaitForListeningAsync(client, process, address);
            }

            await WaitForPublicationAsync(connectionString);
            var newest = await ScalarAsync(connectionString, "SELECT MAX(version) FROM credit_snapshot");
            var figuresBytes = await ScalarAsync(connectionString, "SELECT length(figures) FROM credit_snapshot ORDER BY version DESC LIMIT 1");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Published figures of the sample company: {figuresBytes} bytes compressed"));
            foreach (var (process, address) in instances)
            {
                await WaitForVersionAsync(client, process, address, newest);
            }

            var accounts = dataverse.Environment.Records("account");
            var held = dataverse.Row("account", "accountnumber", HeldCustomer);
            Assert.Equal(true, held["creditonhold"]);
            var good = accounts.First(static a => a["creditonhold"] is false && Convert.ToDecimal(a["arc_availablecredit"], CultureInfo.InvariantCulture) > 10_000m);
            var heldOrder = Order((Guid)held["accountid"]!, 100m);
            var goodOrder = Order((Guid)good["accountid"]!, 1_000m);

            // The same order check, sent to each instance, gets the same answer.
            var heldAnswers = new List<(HttpStatusCode, string)>();
            var goodAnswers = new List<(HttpStatusCode, string)>();
            foreach (var (_, address) in instances)
            {
                heldAnswers.Add(await CheckAsync(client, address, heldOrder));
                goodAnswers.Add(await CheckAsync(client, address, goodOrder));
            }

            Assert.All(heldAnswers, a => Assert.Equal(heldAnswers[0], a));
            Assert.All(goodAnswers, a => Assert.Equal(goodAnswers[0], a));
            Assert.Equal(HttpStatusCode.Forbidden, heldAnswers[0].Item1);
            Assert.StartsWith("Order blocked: Bluewater Plastics LLC is on credit hold", heldAnswers[0].Item2, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, goodAnswers[0].Item1);

            // An AR manager releases the customer from the command line, against the store; instance C answers anew.
            var cliStarted = Stopwatch.StartNew();
            CliResult release;
            using (var cli = ConnectorProcess.Start(workspace, ["holds", "release", "--customer", HeldCustomer, "--reason", "Wire confirmed by the bank"]))
            {
                release = await cli.ExitAsync(TimeSpan.FromMinutes(2));
            }

            var cliTook = cliStarted.Elapsed;
            Assert.True(release.ExitCode == 0, release.Error);
            var sinceRecorded = Stopwatch.StartNew();
            var (_, instanceC) = instances[2];
            (HttpStatusCode Status, string Sentence) answer;
            do
            {
                answer = await CheckAsync(client, instanceC, heldOrder);
                Assert.True(sinceRecorded.Elapsed < TimeSpan.FromSeconds(30), $"instance C still answers '{answer.Sentence}' 30 s after the release");
            }
            while (answer.Status != HttpStatusCode.OK);

            var propagation = sinceRecorded.Elapsed;
            var answeredAt = TimeProvider.System.GetUtcNow();

            // From the moment the release was committed (its audit event, stamped by the CLI on this machine's clock).
            var recordedAt = await RecordedAtAsync(connectionString);
            var fromRecorded = answeredAt - recordedAt;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CLI release: the process ran {cliTook.TotalMilliseconds:0} ms; instance C answered anew {fromRecorded.TotalMilliseconds:0} ms after the release was recorded, {propagation.TotalMilliseconds:0} ms after the CLI exited"));
            Assert.True(fromRecorded < TimeSpan.FromSeconds(5), $"the release took {fromRecorded.TotalMilliseconds:0} ms from being recorded to reach instance C");
            Assert.StartsWith("Order allowed", answer.Sentence, StringComparison.Ordinal);
            // Every other instance hears the same publication (a notification each, so a few milliseconds apart).
            foreach (var (_, address) in instances)
            {
                var other = await CheckAsync(client, address, heldOrder);
                while (other != answer && TimeProvider.System.GetUtcNow() - recordedAt < TimeSpan.FromSeconds(5))
                {
                    await Task.Delay(50);
                    other = await CheckAsync(client, address, heldOrder);
                }

                Assert.Equal(answer, other);
            }

            Assert.All(instances, i => Assert.False(i.Process.HasExited));
        }
        finally
        {
            foreach (var (process, _) in instances)
            {
                process.Dispose();
            }
        }
    }

    private static Workspace SyncTestKitWorkspace(EmulatedDataverse dataverse, string connectionString)
    {
        var workspace = Sync.SyncTestKit.SampleWorkspace(dataverse);
        workspace.UseSection("Store", new { Provider = "postgresql", ConnectionString = connectionString });
        workspace.UseSection("Schedules", new { Sync = Never });
        workspace.UseSection("Webhook", new { HeaderName = "x-arc-key", Key });
        workspace.UseSection("Credit", new { OrderEnforcement = "Reject" });
        return workspace;
    }

    /// <summary>Waits until some instance's cycle has published an evaluation.</summary>
    private static async Task WaitForPublicationAsync(string connectionString)
    {
        var waited = Stopwatch.StartNew();
        while (await ScalarAsync(connectionString, "SELECT COUNT(*) FROM credit_snapshot") == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(4), "no instance published a credit snapshot within 4 minutes");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until the instance answers <c>/health/live</c> (its store migrated, Kestrel listening).</summary>
    internal static async Task WaitForListeningAsync(HttpClient client, ConnectorProcess process, Uri address)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var result = await process.ExitAsync(TimeSpan.FromSeconds(5));
                Assert.Fail($"connector run exited {result.ExitCode}: {result.Error}");
            }

            try
            {
                using var live = await client.GetAsync(new Uri(address, "health/live"));
                if (live.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Kestrel not listening yet.
            }

            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(4), $"{address} did not answer /health/live within 4 minutes");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until the instance's <c>/health</c> says it decides from <paramref name="version"/>.</summary>
    private static async Task WaitForVersionAsync(HttpClient client, ConnectorProcess process, Uri address, long version)
    {
        var waited = Stopwatch.StartNew();
        long? seen = null;
        while (seen != version)
        {
            Assert.False(process.HasExited, "connector run exited");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{address} decides from version {seen}, not {version}, after 30 s");
            try
            {
                seen = JsonNode.Parse(await client.GetStringAsync(new Uri(address, "health")))!["snapshotVersion"]?.GetValue<long>();
            }
            catch (HttpRequestException)
            {
                // Kestrel not listening yet.
            }

            await Task.Delay(100);
        }
    }

    internal static async Task<(HttpStatusCode Status, string Sentence)> CheckAsync(HttpClient client, Uri address, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "dataverse/orders/check"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-arc-key", Key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<DateTimeOffset> RecordedAtAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT at FROM audit_event WHERE action = 'hold-release.set' AND subject = @subject", connection);
        command.Parameters.AddWithValue("subject", "customer:" + HeldCustomer);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the release was not audited");
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A sales rep's new order as Dataverse's synchronous PreValidation step posts it (RemoteExecutionContext).</summary>
    internal static string Order(Guid account, decimal total)
    {
        const string Contracts = ":http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts";
        return string.Create(CultureInfo.InvariantCulture, $$$"""
            {"BusinessUnitId":"7d0bd7a0-5c7a-e711-8118-c4346bdc0e01","CorrelationId":"3c4e1fbc-21b1-4f5f-9c1e-59f1b7a9d2e1","Depth":1,
            "InitiatingUserId":"11111111-2222-3333-4444-555555555555","InputParameters":[{"key":"Target","value":{"__type":"Entity{{{Contracts}}}",
            "Attributes":[{"key":"customerid","value":{"__type":"EntityReference{{{Contracts}}}","Id":"{{{account}}}","KeyAttributes":[],"LogicalName":"account","Name":null,"RowVersion":null}},
            {"key":"totalamount","value":{"__type":"Money{{{Contracts}}}","Value":{{{total}}}}}],"EntityState":null,"FormattedValues":[],
            "Id":"00000000-0000-0000-0000-000000000000","KeyAttributes":[],"LogicalName":"salesorder","RelatedEntities":[],"RowVersion":null}}],
            "IsExecutingOffline":false,"IsInTransaction":false,"MessageName":"Create","Mode":0,"OperationCreatedOn":"\/Date(1700000000000)\/",
            "PostEntityImages":[],"PreEntityImages":[],"PrimaryEntityId":"00000000-0000-0000-0000-000000000000","PrimaryEntityName":"salesorder",
            "SecondaryEntityName":"none","SharedVariables":[],"Stage":10,"UserId":"11111111-2222-3333-4444-555555555555"}
            """);
    }
}
