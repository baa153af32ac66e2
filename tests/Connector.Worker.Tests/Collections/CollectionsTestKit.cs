using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Graph;
using Connector.Sync.Ports;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.Collections;

/// <summary>
/// A sample workspace wired to both emulators (Dataverse for the push, Graph for the collectors' lists and the dunning
/// mailbox), and the pieces the collections tests read back: the sync summary's Outlook section, write requests, audit.
/// </summary>
internal sealed class CollectionsTestKit : IAsyncDisposable
{
    public const string Ledger = "CUST_LEDGER_ENTRIES_20261116.csv";
    public const string Customers = "CUSTOMERS_20261116.csv";

    private CollectionsTestKit(EmulatedDataverse dataverse, EmulatedGraph graph, Workspace workspace)
    {
        Dataverse = dataverse;
        Graph = graph;
        Workspace = workspace;
    }

    public EmulatedDataverse Dataverse { get; }

    public EmulatedGraph Graph { get; }

    public Workspace Workspace { get; }

    /// <summary>Both emulators started, the sample export dropped, Dataverse and Graph configured (with the dunning sender when <paramref name="sender"/>).</summary>
    public static async Task<CollectionsTestKit> StartAsync(bool sender = false, IReadOnlyDictionary<string, object>? extra = null, double throttleRate = 0)
    {
        var dataverse = await EmulatedDataverse.StartAsync();
        var graph = await EmulatedGraph.StartAsync(throttleRate: throttleRate);
        var workspace = SyncTestKit.SampleWorkspace(dataverse);
        workspace.UseGraph(graph.ApiUrl, sender ? EmulatedGraph.SenderMailbox : null, extra);
        return new CollectionsTestKit(dataverse, graph, workspace);
    }

    public Task<CliResult> SyncAsync() => SyncTestKit.SyncAsync(Workspace);

    /// <summary>Runs <c>sync --once</c> and fails with its error output unless it succeeded.</summary>
    public async Task<CliResult> SyncOkAsync()
    {
        var result = await SyncAsync();
        Assert.True(result.ExitCode == 0, $"sync failed ({result.ExitCode}): {result.Error}");
        return result;
    }

    /// <summary>The "Collections in Outlook" section of a <c>--format json</c> summary: count by line.</summary>
    public static Dictionary<string, long> Outlook(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Output);
        var section = json.RootElement.GetProperty("sections").EnumerateArray()
            .Single(s => s.GetProperty("title").GetString() is { } title && title.StartsWith("Collections in Outlook", StringComparison.Ordinal));
        return section.GetProperty("rows").EnumerateArray().ToDictionary(
            r => r.GetProperty("what").GetString()!, r => r.GetProperty("count").GetInt64(), StringComparer.Ordinal);
    }

    /// <summary>Every task write (create, update, delete, linked resource, list create) Graph receives from now on, as "operation mailbox".</summary>
    public List<string> ObserveTaskWrites()
    {
        var writes = new List<string>();
        Graph.Options.Observer = request =>
        {
            if (request.Phase == RequestPhase.Received && request.Method != "GET")
            {
                lock (writes)
                {
                    writes.Add(request.Operation + " " + request.UserId);
                }
            }
        };
        return writes;
    }

    /// <summary>The open (not completed) tasks of every collector's list, by case id; fails on a case with two open tasks.</summary>
    public Dictionary<string, (string Mailbox, JsonObject Task)> OpenTasks()
    {
        var open = new Dictionary<string, (string, JsonObject)>(StringComparer.Ordinal);
        foreach (var (mailbox, caseId, task) in Graph.AllTasks().Where(t => Status(t.Task) != "completed"))
        {
            Assert.NotNull(caseId);
            Assert.True(open.TryAdd(caseId, (mailbox, task)), $"{caseId} has two open tasks");
        }

        return open;
    }

    public static string? Status(JsonObject task) => task["status"]?.GetValue<string>();

    public static string Title(JsonObject task) => task["title"]!.GetValue<string>();

    public static string Body(JsonObject task) => task["body"]!["content"]!.GetValue<string>();

    /// <summary>The store's audit trail of a customer.</summary>
    public async Task<IReadOnlyList<AuditEvent>> AuditAsync(string customer)
    {
        await using var store = await EmulatedDataverse.OpenStoreAsync(Workspace);
        return [.. (await store.ReadAuditAsync("customer:" + customer, 1000, CancellationToken.None)).Select(e => e.Event)];
    }

    /// <summary>The outbox entries of a target still pending.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> PendingAsync(string target)
    {
        await using var store = await EmulatedDataverse.OpenStoreAsync(Workspace);
        return await store.ReadPendingAsync(target, 10_000, CancellationToken.None);
    }

    /// <summary>
    /// Customers whose only open, overdue, undisputed ERP entry is one invoice (so clearing it clears the case), with that
    /// invoice's document number.
    /// </summary>
    public static Dictionary<string, string> SingleOverdueInvoice()
    {
        var asOf = DateOnly.Parse(SyncTestKit.AsOf, CultureInfo.InvariantCulture);
        var overdue = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in File.ReadAllLines(Path.Combine(Workspace.SampleExport, Ledger), Encoding.UTF8).Skip(1).Select(l => l.Split(';')))
        {
            // 3 Document Type, 4 Document No., 5 Customer No., 11 Remaining Amount, 12 Due Date, 13 Open, 15 Dispute Status
            if (f.Length < 16 || f[13] != "Yes" || f[11] is "0,00" or "")
            {
                continue;
            }

            var due = DateOnly.ParseExact(f[12], "dd.MM.yyyy", CultureInfo.InvariantCulture);
            if (due < asOf)
            {
                (overdue.TryGetValue(f[5], out var list) ? list : overdue[f[5]] = []).Add(f[3] == "Invoice" && f[15].Length == 0 ? f[4] : "other:" + f[4]);
            }
        }

        return overdue.Where(o => o.Value is [var only] && !only.StartsWith("other:", StringComparison.Ordinal))
            .ToDictionary(o => o.Key, o => o.Value[0], StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        Workspace.Dispose();
        await Graph.DisposeAsync();
        await Dataverse.DisposeAsync();
    }
}
