using System.Diagnostics;
using System.Text;
using Connector.Domain.Collections;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Graph;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;
using Microsoft.Data.Sqlite;

namespace Connector.Worker.Tests.Collections;

/// <summary>
/// The real <c>connector sync --once</c> process killed (SIGKILL, whole process tree) at exact points of its collections
/// step — the Graph emulator, running in this test process, says when — then run again to completion: the collectors'
/// lists end exactly as after an uninterrupted run (no task created twice, none lost, each open case's task in its
/// collector's list and known to the store), nothing is left in the task outbox, and a dunning email whose answer was
/// lost is set aside instead of being sent again.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed class CollectionsCrashTests(CollectionsCrashTests.UninterruptedRuns uninterrupted) : IClassFixture<CollectionsCrashTests.UninterruptedRuns>
{
    private const string Alice = "alice.morgan@example.com";
    private const string Ben = "ben.carter@example.com";
    private const string Customers = "CUSTOMERS_20261116.csv";
    private const string MovedCustomers = "CUSTOMERS_20261117.csv";
    private const int CollectorCodeColumn = 8;
    private const string Completed = "completed";

    /// <summary>Which create in a mailbox the kill is tied to (the first two are written and answered before it).</summary>
    private const int KilledCreate = 2;

    [Fact]
    public async Task SyncOnce_KilledWhenATaskCreateExecutedUnanswered_NextRunAdoptsTheTaskInsteadOfCreatingItAgain()
    {
        await using var install = await Installation.StartAsync();

        await RunAndKillAtAsync(install, r => IsCreate(r, Alice, KilledCreate) && r is { Phase: RequestPhase.Executed, Status: 201 });

        // Alice's second task is in Outlook, the connector never heard so, and one request at a time means no third.
        var tasks = install.Graph.Tasks(Alice);
        Assert.Equal(KilledCreate, tasks.Count);
        var placed = await PlacedCasesAsync(install.Workspace, Alice);
        Assert.DoesNotContain(EmulatedGraph.CaseId(tasks[KilledCreate - 1])!, placed);
        Assert.InRange(placed.Count, 0, KilledCreate - 1);
        Assert.NotEmpty(await PendingAsync(install.Workspace, TaskIntent.Target));

        var finish = await SyncTestKit.SyncAsync(install.Workspace);

        Assert.True(finish.ExitCode == 0, finish.Error);
        Assert.Contains(SyncTestKit.Notes(finish), static n => n.Contains("found in the collectors' lists by their case id and kept", StringComparison.Ordinal));
        await AssertEndStateAsync(install, uninterrupted.FirstSync, uninterrupted.Mail, uncertainMail: 0);
    }

    [Fact]
    public async Task SyncOnce_KilledWhenATaskCreateWasAnsweredButNotRecorded_NextRunAdoptsTheTaskInsteadOfCreatingItAgain()
    {
        await using var install = await Installation.StartAsync();
        using var storeLock = new StoreWriteLock(install.Workspace);

        // The store's writes are held from before the answer goes out, so the placement the connector would record
        // on reading it cannot land before the kill.
        await RunAndKillAtAsync(
            install,
            r => IsCreate(r, Alice, KilledCreate) && r is { Phase: RequestPhase.Answered, Status: 201 },
            r =>
            {
                if (IsCreate(r, Alice, KilledCreate) && r.Phase == RequestPhase.Executed)
                {
                    storeLock.Take();
                }
            });
        storeLock.Release();

        // Having read the answer, the connector may get Alice's next create out before the kill lands.
        var tasks = install.Graph.Tasks(Alice);
        Assert.InRange(tasks.Count, KilledCreate, KilledCreate + 2);
        Assert.DoesNotContain(EmulatedGraph.CaseId(tasks[KilledCreate - 1])!, await PlacedCasesAsync(install.Workspace, Alice));
        Assert.NotEmpty(await PendingAsync(install.Workspace, TaskIntent.Target));

        var finish = await SyncTestKit.SyncAsync(install.Workspace);

        Assert.True(finish.ExitCode == 0, finish.Error);
        await AssertEndStateAsync(install, uninterrupted.FirstSync, uninterrupted.Mail, uncertainMail: 0);
    }

    [Fact]
    public async Task SyncOnce_KilledBetweenCompletingTheOldTaskAndCreatingTheNewOne_NextRunMovesTheCaseOnce()
    {
        await using var install = await Installation.StartAsync();
        var first = await SyncTestKit.SyncAsync(install.Workspace);
        Assert.True(first.ExitCode == 0, first.Error);
        var moved = await UninterruptedRuns.MoveACaseFromAliceToBenAsync(install.Workspace);

        // Ben's create is received and dropped unexecuted, as if the connector died just before sending it: the move's
        // first half (Alice's task completed, answered) is done, its second half not.
        await RunAndKillAtAsync(install, r => IsCreate(r, Ben, 1) && r.Phase == RequestPhase.Received, dropKilledRequest: true);

        var old = Assert.Single(install.Graph.State.FindTasks(Alice, moved.CaseId));
        Assert.Equal(Completed, old["status"]?.GetValue<string>());
        Assert.Empty(install.Graph.State.FindTasks(Ben, moved.CaseId));
        await using (var store = await EmulatedDataverse.OpenStoreAsync(install.Workspace))
        {
            var stored = (await store.ReadCasesAsync(CancellationToken.None)).Single(c => c.CaseId == moved.CaseId);
            Assert.Equal(Alice, stored.Placement?.UserId, ignoreCase: true);
            Assert.Single(await store.ReadPendingAsync(TaskIntent.Target, int.MaxValue, CancellationToken.None), e => e.Item.Key == moved.CaseId);
        }

        var finish = await SyncTestKit.SyncAsync(install.Workspace);

        Assert.True(finish.ExitCode == 0, finish.Error);
        Assert.Single(install.Graph.State.FindTasks(Ben, moved.CaseId), t => t["status"]?.GetValue<string>() != Completed);
        await AssertEndStateAsync(install, uninterrupted.Reassigned, uninterrupted.ReassignedMail, uncertainMail: 0);
    }

    [Fact]
    public async Task SyncOnce_KilledWhenASendMailExecutedUnanswered_NextRunSetsItAsideAndSendsEveryOtherEmailOnce()
    {
        await using var install = await Installation.StartAsync();

        await RunAndKillAtAsync(install, static r => r is { Phase: RequestPhase.Executed, Operation: GraphOperations.SendMail, Ordinal: 2, Status: 202 }
            && string.Equals(r.UserId, EmulatedGraph.SenderMailbox, StringComparison.OrdinalIgnoreCase));

        // Two emails went out; the first one's outcome was recorded, the second is marked in flight.
        Assert.Equal(2, install.Graph.State.SentMail.Count);
        await using (var store = await EmulatedDataverse.OpenStoreAsync(install.Workspace))
        {
            Assert.Single(await store.ReadContactAttemptsAsync(CancellationToken.None), static a => a.Kind == ContactKind.Email);
            var pending = await store.ReadPendingAsync(MailIntent.Target, int.MaxValue, CancellationToken.None);
            Assert.Equal(uninterrupted.Mail.Count - 1, pending.Count);
            Assert.Single(pending, static e => e.LastError == MailIntent.InFlightMarker);
        }

        var finish = await SyncTestKit.SyncAsync(install.Workspace);

        Assert.True(finish.ExitCode == 0, finish.Error);
        var failures = await install.Workspace.RunAsync("collections", "failures", "--format", "json");
        Assert.True(failures.ExitCode == 0, failures.Error);
        Assert.Contains("may have been sent already", failures.Output, StringComparison.Ordinal);
        await AssertEndStateAsync(install, uninterrupted.FirstSync, uninterrupted.Mail, uncertainMail: 1);
    }

    private static bool IsCreate(ObservedGraphRequest request, string mailbox, int ordinal) =>
        request.Operation == GraphOperations.CreateTask && request.Ordinal == ordinal && string.Equals(request.UserId, mailbox, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The lists hold what an uninterrupted run left (no duplicate, nothing lost, each task in the right list), the store
    /// knows each open task where it is, no task intent is pending, and only the uncertain emails are set aside.
    /// </summary>
    private static async Task AssertEndStateAsync(Installation install, IReadOnlyList<string> expected, IReadOnlyList<string> mail, int uncertainMail)
    {
        await AssertRecordedStateAsync(install, expected, mail, uncertainMail);

        // And the recovery left nothing for a later run to get wrong: the next one changes nothing.
        var again = await SyncTestKit.SyncAsync(install.Workspace);
        Assert.True(again.ExitCode == 0, again.Error);
        await AssertRecordedStateAsync(install, expected, mail, uncertainMail);
    }

    private static async Task AssertRecordedStateAsync(Installation install, IReadOnlyList<string> expected, IReadOnlyList<string> mail, int uncertainMail)
    {
        Assert.Equal(expected, Tasks(install.Graph));
        Assert.Equal(mail, Mail(install.Graph));
        var all = install.Graph.AllTasks();
        Assert.All(all.GroupBy(static t => (t.Mailbox, t.CaseId)), static g => Assert.Single(g));
        var open = all.Where(static t => t.Task["status"]?.GetValue<string>() != Completed).ToList();
        Assert.All(open.GroupBy(static t => t.CaseId), static g => Assert.Single(g));

        await using var store = await EmulatedDataverse.OpenStoreAsync(install.Workspace);
        var cases = (await store.ReadCasesAsync(CancellationToken.None)).ToDictionary(static c => c.CaseId, StringComparer.Ordinal);
        foreach (var (mailbox, caseId, task) in open)
        {
            var stored = cases.GetValueOrDefault(caseId!);
            Assert.True(stored is { IsOpen: true }, $"{caseId} has an open task in {mailbox} but no open case");
            Assert.Equal(mailbox, stored.Placement?.UserId, ignoreCase: true);
            Assert.Equal(task["id"]!.GetValue<string>(), stored.Placement?.TaskId);
        }

        // No case counts a task completion the collectors never made (none completes a task in these runs).
        Assert.DoesNotContain(await store.ReadContactAttemptsAsync(CancellationToken.None), static a => a.Kind == ContactKind.Task);
        Assert.Empty(await store.ReadPendingAsync(TaskIntent.Target, int.MaxValue, CancellationToken.None));
        Assert.Empty(await store.ReadPendingAsync(MailIntent.Target, int.MaxValue, CancellationToken.None));
        Assert.Empty(await store.ReadQuarantinedAsync(TaskIntent.Target, int.MaxValue, CancellationToken.None));
        var setAside = await store.ReadQuarantinedAsync(MailIntent.Target, int.MaxValue, CancellationToken.None);
        Assert.Equal(uncertainMail, setAside.Count);
        Assert.All(setAside, static e => Assert.StartsWith(DunningSender.UncertainReason, e.LastError, StringComparison.Ordinal));
    }

    /// <summary>Every task of every collector's list as (mailbox, case id, title, status), sorted.</summary>
    private static List<string> Tasks(EmulatedGraph graph) =>
        [.. graph.AllTasks()
            .Select(static t => $"{t.Mailbox} | {t.CaseId} | {t.Task["title"]?.GetValue<string>()} | {t.Task["status"]?.GetValue<string>()}")
            .Order(StringComparer.Ordinal)];

    /// <summary>Every email sent, as recipients and subject, sorted.</summary>
    private static List<string> Mail(EmulatedGraph graph) =>
        [.. graph.State.SentMail.Select(static m => $"{string.Join(",", m.To)} | {m.Subject}").Order(StringComparer.Ordinal)];

    private static async Task<List<string>> PlacedCasesAsync(Workspace workspace, string mailbox)
    {
        await using var store = await EmulatedDataverse.OpenStoreAsync(workspace);
        return [.. (await store.ReadCasesAsync(CancellationToken.None))
            .Where(c => c.Placement is { } p && string.Equals(p.UserId, mailbox, StringComparison.OrdinalIgnoreCase))
            .Select(static c => c.CaseId)];
    }

    private static async Task<IReadOnlyList<OutboxEntry>> PendingAsync(Workspace workspace, string target)
    {
        await using var store = await EmulatedDataverse.OpenStoreAsync(workspace);
        return await store.ReadPendingAsync(target, int.MaxValue, CancellationToken.None);
    }

    /// <summary>
    /// Starts the real process and kills it from the emulator's hook when <paramref name="isKillPoint"/> matches;
    /// <paramref name="observe"/> sees every request before that (on the request's thread). With
    /// <paramref name="dropKilledRequest"/> (a kill point in <see cref="RequestPhase.Received"/>) the emulator never
    /// executes the request, as if the process had died just before sending it.
    /// </summary>
    private static async Task RunAndKillAtAsync(
        Installation install, Func<ObservedGraphRequest, bool> isKillPoint, Action<ObservedGraphRequest>? observe = null, bool dropKilledRequest = false)
    {
        using var process = new Process { StartInfo = Start(install.Workspace, "sync", "--once", "--as-of", SyncTestKit.AsOf) };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var killed = new TaskCompletionSource<ObservedGraphRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new Lock();
        install.Graph.Options.Observer = request =>
        {
            if (killed.Task.IsCompleted)
            {
                return;
            }

            observe?.Invoke(request);
            if (!isKillPoint(request))
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
                    if (dropKilledRequest)
                    {
                        // Thrown out of the emulator's handler before it dispatches: the request is aborted, not executed.
                        throw new OperationCanceledException("the connector was killed before this request reached Graph");
                    }
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
            Assert.True(killed.Task.IsCompleted, $"the run ended (exit {(process.HasExited ? process.ExitCode : -1)}) without reaching the kill point: {output}");
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            install.Graph.Options.Observer = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
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

    /// <summary>The sample company with both emulators; each mailbox's requests one at a time, so a kill point is exact.</summary>
    private sealed class Installation : IAsyncDisposable
    {
        private Installation(EmulatedDataverse dataverse, EmulatedGraph graph, Workspace workspace)
        {
            Dataverse = dataverse;
            Graph = graph;
            Workspace = workspace;
        }

        public EmulatedDataverse Dataverse { get; }

        public EmulatedGraph Graph { get; }

        public Workspace Workspace { get; }

        public static async Task<Installation> StartAsync()
        {
            var dataverse = await EmulatedDataverse.StartAsync();
            var graph = await EmulatedGraph.StartAsync();
            var workspace = SyncTestKit.SampleWorkspace(dataverse);
            workspace.UseGraph(graph.ApiUrl, EmulatedGraph.SenderMailbox, maxConcurrentPerMailbox: 1);
            return new Installation(dataverse, graph, workspace);
        }

        public async ValueTask DisposeAsync()
        {
            Workspace.Dispose();
            await Graph.DisposeAsync();
            await Dataverse.DisposeAsync();
        }
    }

    /// <summary>
    /// Holds the SQLite store's write lock from this process (<c>BEGIN IMMEDIATE</c>), so the connector's next write
    /// waits: what it learns after <see cref="Take"/> cannot reach the store before it is killed.
    /// </summary>
    private sealed class StoreWriteLock(Workspace workspace) : IDisposable
    {
        private SqliteConnection? connection;

        public void Take()
        {
            connection = new SqliteConnection($"Data Source={Path.Combine(workspace.Root, "data", "connector.db")};Pooling=False");
            connection.Open();
            using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        public void Release()
        {
            connection?.Dispose();
            connection = null;
        }

        public void Dispose() => Release();
    }

    /// <summary>
    /// The lists and the mail after uninterrupted runs with the same settings: one sync of the sample company, then a
    /// second after one customer was moved from Alice to Ben in the ERP.
    /// </summary>
    public sealed class UninterruptedRuns : IAsyncLifetime
    {
        public IReadOnlyList<string> FirstSync { get; private set; } = [];

        public IReadOnlyList<string> Mail { get; private set; } = [];

        public IReadOnlyList<string> Reassigned { get; private set; } = [];

        public IReadOnlyList<string> ReassignedMail { get; private set; } = [];

        public async Task InitializeAsync()
        {
            await using var install = await Installation.StartAsync();
            var first = await SyncTestKit.SyncAsync(install.Workspace);
            Assert.True(first.ExitCode == 0, first.Error);
            FirstSync = Tasks(install.Graph);
            Mail = CollectionsCrashTests.Mail(install.Graph);

            // Each kill point needs what it is tied to: Alice gets more tasks than the killed create, two emails go out.
            Assert.True(install.Graph.Tasks(Alice).Count > KilledCreate + 1, $"Alice has {install.Graph.Tasks(Alice).Count} tasks");
            Assert.True(Mail.Count >= 3, $"{Mail.Count} emails sent");
            Assert.DoesNotContain(FirstSync, static t => t.EndsWith(Completed, StringComparison.Ordinal));

            var moved = await MoveACaseFromAliceToBenAsync(install.Workspace);
            var second = await SyncTestKit.SyncAsync(install.Workspace);
            Assert.True(second.ExitCode == 0, second.Error);
            Reassigned = Tasks(install.Graph);
            ReassignedMail = CollectionsCrashTests.Mail(install.Graph);
            Assert.Equal(Completed, Assert.Single(install.Graph.State.FindTasks(Alice, moved.CaseId))["status"]?.GetValue<string>());
            Assert.NotEqual(Completed, Assert.Single(install.Graph.State.FindTasks(Ben, moved.CaseId))["status"]?.GetValue<string>());
        }

        public Task DisposeAsync() => Task.CompletedTask;

        /// <summary>
        /// Drops a customers export in which the first customer (by case id) whose task is in Alice's list and whose
        /// collector in the ERP is Alice (COL-01) has Ben (COL-02) instead; returns that case.
        /// </summary>
        internal static async Task<StoredCase> MoveACaseFromAliceToBenAsync(Workspace workspace)
        {
            var lines = File.ReadAllLines(Path.Combine(Workspace.SampleExport, Customers), Encoding.UTF8)
                .Select(static l => l.Split(';'))
                .Where(static f => f.Length > CollectorCodeColumn)
                .ToDictionary(static f => f[0], static f => f[CollectorCodeColumn], StringComparer.Ordinal);
            await using var store = await EmulatedDataverse.OpenStoreAsync(workspace);
            var moved = (await store.ReadCasesAsync(CancellationToken.None))
                .Where(static c => c.IsOpen && c.Placement is { } p && string.Equals(p.UserId, Alice, StringComparison.OrdinalIgnoreCase))
                .Where(c => lines.GetValueOrDefault(c.CustomerId) == "COL-01")
                .OrderBy(static c => c.CaseId, StringComparer.Ordinal)
                .First();
            SyncTestKit.DropEdited(workspace, Customers, MovedCustomers, 0, moved.CustomerId, static f => f[CollectorCodeColumn] = "COL-02");
            return moved;
        }
    }
}
