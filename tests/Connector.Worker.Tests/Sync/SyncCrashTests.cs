using System.Diagnostics;
using System.Text;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Records;
using Connector.Sync.Push;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Sync;

/// <summary>
/// The real <c>connector sync --once</c> process killed (SIGKILL, whole process tree) at exact points of a push — the
/// emulator, running in this test process, survives and says when — then run again to completion: Dataverse ends in
/// exactly the state of an uninterrupted run, nothing duplicated or lost, and nothing is left in the outbox.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class SyncCrashTests(SyncCrashTests.UninterruptedRun uninterrupted) : IClassFixture<SyncCrashTests.UninterruptedRun>
{
    /// <summary>Small bulk requests, so every table takes several and a kill can land between them.</summary>
    private const int BatchSize = 100;

    /// <summary>
    /// One request at a time, so where the kill lands is exact: the batches before it are in Dataverse, the ones after
    /// it were never sent. (Parallel batches change how many were in flight, not what the outbox must guarantee.)
    /// </summary>
    private const int MaxParallelism = 1;

    public enum KillPoint
    {
        /// <summary>The 2nd UpsertMultiple of open items has written its 100 rows; its answer is not yet sent.</summary>
        OpenItemBatchWrittenNotAnswered,

        /// <summary>The 3rd UpsertMultiple of payments was answered; the connector marks the outbox only after the whole round.</summary>
        PaymentBatchAnsweredOutboxNotMarked,

        /// <summary>The change-tracking read of accounts after the account push (the run's 2nd) has executed, unanswered.</summary>
        SecondReadBackOfAccounts,
    }

    [Theory]
    [InlineData(KillPoint.OpenItemBatchWrittenNotAnswered)]
    [InlineData(KillPoint.PaymentBatchAnsweredOutboxNotMarked)]
    [InlineData(KillPoint.SecondReadBackOfAccounts)]
    public async Task SyncOnce_ProcessKilledMidPush_NextRunEndsInTheStateOfAnUninterruptedRun(KillPoint point)
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse, BatchSize, MaxParallelism);

        await RunAndKillAtAsync(workspace, dataverse, point);

        await AssertKilledWhereMeantAsync(workspace, dataverse, point);
        var finish = await SyncTestKit.SyncAsync(workspace);
        Assert.True(finish.ExitCode == 0, finish.Error);
        AssertSameState(uninterrupted.State, dataverse.State());
        await using var store = await EmulatedDataverse.OpenStoreAsync(workspace);
        foreach (var table in DataverseModel.PushOrder)
        {
            Assert.Empty(await store.ReadPendingAsync(DataverseModel.Target(table), int.MaxValue, CancellationToken.None));
        }

        Assert.Empty(await store.ReadQuarantinedAsync(null, int.MaxValue, CancellationToken.None));
    }

    /// <summary>Starts the real process and kills it from the emulator's hook when the request of <paramref name="point"/> reaches its phase.</summary>
    private static async Task RunAndKillAtAsync(Workspace workspace, EmulatedDataverse dataverse, KillPoint point)
    {
        using var process = new Process { StartInfo = Start(workspace, "sync", "--once", "--as-of", SyncTestKit.AsOf) };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var killed = new TaskCompletionSource<ObservedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new Lock();
        dataverse.Options.Observer = request =>
        {
            if (!IsKillPoint(point, request))
            {
                return;
            }

            lock (gate)
            {
                // Said before the kill, so the test never sees the process gone without knowing why; the kill happens on
                // the request's own thread, so nothing more of this request reaches the connector.
                if (killed.TrySetResult(request))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                }
            }
        };

        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await Task.WhenAny(killed.Task, process.WaitForExitAsync(timeout.Token));
            Assert.True(killed.Task.IsCompleted, $"the run ended (exit {(process.HasExited ? process.ExitCode : -1)}) without reaching {point}: {output}");
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            dataverse.Options.Observer = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool IsKillPoint(KillPoint point, ObservedRequest request) => point switch
    {
        KillPoint.OpenItemBatchWrittenNotAnswered => request is { Phase: RequestPhase.Executed, Kind: RequestKinds.Bulk, EntitySet: "arc_openitems", Ordinal: 2, Status: 204 },
        KillPoint.PaymentBatchAnsweredOutboxNotMarked => request is { Phase: RequestPhase.Answered, Kind: RequestKinds.Bulk, EntitySet: "arc_payments", Ordinal: 3, Status: 204 },
        KillPoint.SecondReadBackOfAccounts => request is { Phase: RequestPhase.Executed, Kind: RequestKinds.Query, EntitySet: "accounts", Ordinal: 2 },
        _ => false,
    };

    /// <summary>
    /// Where the run died: part of the table in Dataverse, the rest not yet sent, and the store's outbox not yet told
    /// the outcome of what was (so a test cannot pass by killing too early or too late).
    /// </summary>
    private static async Task AssertKilledWhereMeantAsync(Workspace workspace, EmulatedDataverse dataverse, KillPoint point)
    {
        await using var store = await EmulatedDataverse.OpenStoreAsync(workspace);
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in DataverseModel.PushOrder)
        {
            pending[table.LogicalName] = (await store.ReadPendingAsync(DataverseModel.Target(table), int.MaxValue, CancellationToken.None)).Count;
        }

        var accountIds = (await store.ReadRecordIdsAsync("account", CancellationToken.None)).Count;
        switch (point)
        {
            case KillPoint.OpenItemBatchWrittenNotAnswered:
                // Payments are planned and queued once the open items are sent (decision 84): none pending yet.
                Assert.Equal((0, SyncTestKit.SampleOpenItems, 0), (pending["account"], pending["arc_openitem"], pending["arc_payment"]));
                Assert.Equal(2 * BatchSize, dataverse.Environment.Count("arc_openitem"));
                Assert.Equal(0, dataverse.Environment.Count("arc_payment"));
                break;
            case KillPoint.PaymentBatchAnsweredOutboxNotMarked:
                Assert.Equal((0, 0, SyncTestKit.SamplePayments), (pending["account"], pending["arc_openitem"], pending["arc_payment"]));
                // Having read the third answer, the connector may get the fourth batch out before the kill lands.
                Assert.InRange(dataverse.Environment.Count("arc_payment"), 3 * BatchSize, 5 * BatchSize);
                break;
            case KillPoint.SecondReadBackOfAccounts:
                // The read-back runs beside the open items and payments (decision 84): the accounts are all in, the ids
                // not yet recorded; the items and payments may be anywhere between not sent and all sent.
                Assert.Equal((0, 0), (pending["account"], accountIds));
                Assert.Equal(SyncTestKit.SampleAccounts, dataverse.Environment.Count("account"));
                Assert.InRange(dataverse.Environment.Count("arc_openitem"), 0, SyncTestKit.SampleOpenItems);
                Assert.InRange(dataverse.Environment.Count("arc_payment"), 0, SyncTestKit.SamplePayments);
                break;
        }
    }

    internal static void AssertSameState(Dictionary<string, Dictionary<string, string>> expected, Dictionary<string, Dictionary<string, string>> actual)
    {
        foreach (var (table, rows) in expected)
        {
            var got = actual[table];
            var missing = rows.Keys.Where(k => !got.ContainsKey(k)).Take(5).ToList();
            var extra = got.Keys.Where(k => !rows.ContainsKey(k)).Take(5).ToList();
            var different = rows.Where(r => got.TryGetValue(r.Key, out var row) && row != r.Value).Select(r => $"{r.Key}: {r.Value} <> {got[r.Key]}").Take(3).ToList();
            Assert.True(missing.Count + extra.Count + different.Count == 0,
                $"{table}: {rows.Count} rows expected, {got.Count} found; missing {string.Join(", ", missing)}; extra {string.Join(", ", extra)}; different {string.Join(" / ", different)}");
        }
    }

    private static ProcessStartInfo Start(Workspace workspace, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workspace.Root };
        foreach (var arg in (string[])[ConnectorProcessTests.ConnectorDll(), .. args, "--config", workspace.ConfigFile])
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>The emulator's rows after one sync of the sample company that nothing interrupted (the same settings).</summary>
    public sealed class UninterruptedRun : IAsyncLifetime
    {
        public Dictionary<string, Dictionary<string, string>> State { get; private set; } = [];

        public async Task InitializeAsync()
        {
            await using var dataverse = await EmulatedDataverse.StartAsync();
            using var workspace = SyncTestKit.SampleWorkspace(dataverse, BatchSize, MaxParallelism);
            var pushed = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
            Assert.Equal((SyncTestKit.SampleAccounts, SyncTestKit.SampleOpenItems, SyncTestKit.SamplePayments), (pushed["account"].Sent, pushed["arc_openitem"].Sent, pushed["arc_payment"].Sent));
            State = dataverse.State();
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
