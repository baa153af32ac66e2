using System.Globalization;
using System.Text.Json.Nodes;
using Connector.Dataverse.Configuration;
using Connector.Dataverse.Requests;
using Connector.Dataverse.Solution;
using Connector.Dataverse.WebApi;
using Connector.Domain.Evaluation;
using Connector.Emulators.Dataverse;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Connector.Worker.Solution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Demo;

/// <summary>
/// The demo's Dataverse step, as in production but against the in-process emulator: the solution is imported with
/// ImportSolution, the connector's real client pushes the evaluated ledger over loopback HTTP, and what landed is read
/// back from the emulator to show what a sales rep sees on the held accounts.
/// </summary>
internal static class DemoDataverse
{
    private const int HeldAccountsShown = 5;

    /// <summary>The environment the demo's task links point to, as a real one's would (the emulator's port changes every run).</summary>
    public static readonly Uri DynamicsUrl = new("https://sample-company.crm.dynamics.com/");

    public static async Task<(IReadOnlyList<ReportSection> Sections, IReadOnlyList<string> Notes)?> RunAsync(
        CommandRun run, IConnectorStore store, EvaluationPolicies policies, DateOnly asOf, CancellationToken cancellationToken)
    {
        if (SolutionFolder.Locate(null) is not { } solution)
        {
            await run.Error.WriteLineAsync($"demo: no '{SolutionPackage.FolderName}' folder found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}".AsMemory(), cancellationToken);
            return null;
        }

        await using var emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), cancellationToken);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Dataverse:Url"] = emulator.BaseAddress.ToString(),
                ["Dataverse:AccessToken"] = "demo-token",
            })
            .Build();
        var services = new ServiceCollection().AddSingleton(run.Time).AddDataverse(configuration);
        await using var provider = services.BuildServiceProvider();

        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(solution, zip, cancellationToken);
        await provider.GetRequiredService<DataverseClient>().SendAsync(new ImportSolutionRequest(zip.ToArray()), cancellationToken);

        var dataverse = provider.GetRequiredService<IDataverse>();
        var report = await new DataverseSync(store, dataverse, run.Time).RunAsync(policies, asOf, null, cancellationToken);
        var (orders, orderNotes) = await DemoOrders.RunAsync(emulator, store, dataverse, report, policies.Credit, run.Time, cancellationToken);
        return ([Pushed(report, emulator), HeldAccounts(emulator), orders], [.. Notes(report, emulator), .. orderNotes]);
    }

    private static ReportSection Pushed(DataverseSyncReport report, DataverseEmulator emulator)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("table", "Dataverse table"),
            ReportColumn.Number("sent", "Sent"),
            ReportColumn.Number("refused", "Refused"),
            ReportColumn.Number("requests", "Requests"),
            ReportColumn.Number("in_dataverse", "Rows in Dataverse"),
        ];
        var rows = report.Pushed.Select(p => new ReportRow(
        [
            Cell.Of(p.Table.LogicalName),
            Cell.Integer(p.Sent),
            Cell.Integer(p.Quarantined),
            Cell.Integer(p.Requests),
            Cell.Integer(emulator.Environment.Count(p.Table.LogicalName)),
        ])).ToList();
        return new ReportSection($"Pushed to the Dataverse emulator at {emulator.ApiUrl} (solution imported first)", columns, rows);
    }

    /// <summary>What a sales rep reads on a held account, as Dataverse now holds it.</summary>
    private static ReportSection HeldAccounts(DataverseEmulator emulator)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("account", "Account"),
            ReportColumn.Number("credit_limit", "Credit limit"),
            ReportColumn.Number("exposure", "Exposure"),
            ReportColumn.Text("hold_message", "arc_holdmessage"),
        ];
        var held = emulator.Environment.Records(DataverseModel.Accounts.LogicalName)
            .Where(static a => a.TryGetValue("creditonhold", out var onHold) && onHold is true)
            .OrderByDescending(static a => Number(a, "arc_exposure"))
            .Take(HeldAccountsShown)
            .Select(a => new ReportRow(
            [
                Cell.Of($"{Text(a, "accountnumber")} {Text(a, "name")}"),
                Cell.Of(Number(a, "creditlimit").ToString("N2", CultureInfo.InvariantCulture)),
                Cell.Of(Number(a, "arc_exposure").ToString("N2", CultureInfo.InvariantCulture)),
                Cell.Of(Text(a, "arc_holdmessage")),
            ]))
            .ToList();
        return new ReportSection($"Accounts on credit hold in Dataverse, largest exposure first (the first {HeldAccountsShown})", columns, held);
    }

    private static List<string> Notes(DataverseSyncReport report, DataverseEmulator emulator)
    {
        var onHold = emulator.Environment.Records(DataverseModel.Accounts.LogicalName).Count(static a => a.TryGetValue("creditonhold", out var v) && v is true);
        var notes = new List<string>
        {
            $"Dataverse now shows {onHold} of {emulator.Environment.Count(DataverseModel.Accounts.LogicalName)} accounts on credit hold ({report.AuditEvents} holds audited); " +
            $"{report.Requests} requests in all, throttled {emulator.FrontDoor.Stats.Throttled} times.",
        };
        if (report.Deferred > 0)
        {
            notes.Add($"{report.Deferred} open items or payments wait for their account to reach Dataverse.");
        }

        return notes;
    }

    private static string Text(IReadOnlyDictionary<string, object?> record, string column) =>
        record.TryGetValue(column, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" : "";

    private static decimal Number(IReadOnlyDictionary<string, object?> record, string column) =>
        record.TryGetValue(column, out var value) && value is not null ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : 0m;
}
