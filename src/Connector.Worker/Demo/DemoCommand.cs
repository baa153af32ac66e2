using System.CommandLine;
using Connector.Sync.Credit;
using Connector.Sync.Cycle;
using Connector.Sync.Evaluation;
using Connector.Sync.Ingest;
using Connector.Sync.Ledger;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Worker.Aging;
using Connector.Worker.CashApplication;
using Connector.Worker.Cli;
using Connector.Worker.Collections;
using Connector.Worker.Credit;
using Connector.Worker.Holds;
using Connector.Worker.Ingest;
using Connector.Worker.Metrics;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Demo;

/// <summary>
/// <c>connector demo [--samples DIR]</c>: the product's main job on the sample company, start to end — its ERP export
/// ingested through the mappings, then one sync cycle (the one <c>sync --once</c> and <c>run</c> resolve) into a
/// Dataverse and a Graph emulator, a sales rep's orders checked — and what each kind of user then sees.
/// </summary>
public static class DemoCommand
{
    public const string ExportFolderName = "erp";

    /// <summary>The parts of the summary after the Dynamics and Outlook views, in the order shown. One line per capability.</summary>
    private static readonly DemoPart[] Parts =
    [
        HoldsDemoPart.Summarize,
        CreditDemoPart.Summarize,
        CollectionsDemoPart.Summarize,
        AgingDemoPart.Summarize,
        MetricsDemoPart.Summarize,
        CashDemoPart.Summarize,
    ];

    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var samples = new Option<string?>("--samples")
        {
            Description = "Sample company folder with manifest.json and erp/ (the ERP export), beside mappings/ (default: samples/ of the repository)",
            HelpName = "DIR",
        };
        var command = new Command(
            "demo",
            "The connector's whole job on the sample company, on loopback emulators: ingest its ERP export through mappings/ into a temporary "
            + "SQLite ledger, import solution-package/ into a Dataverse emulator, run one sync cycle (push to Dataverse, order credit checks, "
            + "collection tasks and dunning email into a Graph emulator, ERP writeback), then show what sales reps, collectors and AR managers see. "
            + "A folder without erp/ is read as canonical CSV files and only evaluated")
        {
            samples,
        };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (SamplesFolder.Locate(run.GetValue(samples)) is not { } folder)
            {
                run.Error.WriteLine(run.GetValue(samples) is { } given
                    ? $"--samples: folder not found: '{given}'"
                    : $"samples/ with {SamplesFolder.ManifestName} not found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; pass --samples DIR");
                return ExitCodes.UserMustAct;
            }

            SamplesFolder manifest;
            try
            {
                manifest = SamplesFolder.Read(folder);
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
            {
                run.Error.WriteLine($"{Path.Combine(folder, SamplesFolder.ManifestName)}: {ex.Message}");
                return ExitCodes.UserMustAct;
            }

            var asOf = manifest.AsOf ?? run.Today;
            var synced = Directory.Exists(Path.Combine(folder, ExportFolderName));
            var summary = synced
                ? await StatusLine.RunAsync(run.Error, "starting the emulators", progress => SyncAsync(run, manifest, asOf, progress, cancellationToken))
                : Canonical(run, manifest, asOf);
            if (summary is null)
            {
                return ExitCodes.UserMustAct;
            }

            var (evaluation, sections, notes) = summary.Value;
            foreach (var part in Parts)
            {
                var added = part(new DemoInput(evaluation, run, synced));
                sections.AddRange(added.Sections);
                notes.AddRange(added.Notes);
            }

            run.Write(
                new Report
                {
                    Title = $"Receivables connector demo: {folder} as of {asOf:yyyy-MM-dd}, company currency {evaluation.Policies.Company.Currency}",
                    Sections = sections,
                    Notes = notes,
                },
                ReportFormat.Table);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The product path: ingest, one sync cycle into the emulators, a sales rep's orders; <c>null</c> after writing why.</summary>
    private static async Task<(LedgerEvaluation, List<ReportSection>, List<string>)?> SyncAsync(
        CommandRun run, SamplesFolder samples, DateOnly asOf, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await using var environment = await DemoEnvironment.StartAsync(run, samples, cancellationToken);
        if (environment is null)
        {
            return null;
        }

        var services = environment.Services;
        progress?.Report("ingesting the ERP export through the mappings");
        IngestReport ingested;
        try
        {
            ingested = await services.GetRequiredService<Ingestion>().RunAsync(null, null, cancellationToken);
        }
        catch (InvalidMappingsException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await run.Error.WriteLineAsync(problem.ToString().AsMemory(), cancellationToken);
            }

            return null;
        }

        // Every collector has a mailbox, as in the company's tenant.
        var stores = services.GetRequiredService<IConnectorStoreFactory>();
        await using (var store = await stores.OpenAsync(cancellationToken))
        {
            foreach (var collector in (await LedgerLoader.LoadAsync(store, cancellationToken)).Collectors.Where(static c => !string.IsNullOrWhiteSpace(c.Email)))
            {
                environment.Graph.State.AddUser(collector.Email!);
            }
        }

        var cycle = services.GetRequiredService<SyncCycle>();
        var report = await cycle.RunAsync(cycle.NewRunId(), asOf, null, progress, cancellationToken);

        progress?.Report("a sales rep enters orders in Dynamics");
        var snapshot = services.GetRequiredService<CreditSnapshotHolder>().Current!;
        await using var orderStore = await stores.OpenAsync(cancellationToken);
        var (orders, orderNotes) = await DemoOrders.RunAsync(environment.Dataverse, orderStore, services.GetRequiredService<OrderCreditPass>(), snapshot, cancellationToken);

        var ingest = IngestCommand.ToReport(ingested, "the ledger").Sections[0] with
        {
            Title = $"The ERP export ({ExportFolderName}/) read through mappings/ into a SQLite ledger",
        };
        var notes = ingested.Entities.SelectMany(static e => e.UnitProblems).ToList();
        if (ingested.Quarantined > 0)
        {
            notes.Add($"{ingested.Quarantined} sample rows were quarantined: the sample export and the mappings disagree.");
        }

        notes.Add($"Sync run {report.RunId}: one cycle, as 'connector sync --once' runs it — read back, ingest, evaluate, push, order credit, collections, ERP writeback.");
        var sections = new List<ReportSection> { ingest };
        sections.AddRange(DemoDataverse.Sections(report, environment.Dataverse));
        sections.Add(orders);
        notes.AddRange(DemoDataverse.Notes(report, environment.Dataverse));
        notes.AddRange(orderNotes);
        if (report.Collections is { } collections)
        {
            sections.Add(DemoOutlook.Queues(report.Evaluation.Ledger, environment.Graph, services.GetRequiredService<Connector.Sync.Collections.CollectionsChannel>().Options.TaskListName));
            notes.AddRange(DemoOutlook.Notes(collections, environment.Graph));
        }

        if (report.ErpWriteback is { } writeback)
        {
            notes.Add($"ERP writeback: {writeback.Written.HoldRows} hold flags, {writeback.Written.OrderRows} ERP order decisions and {writeback.Written.CashRows} cash applications written for the ERP to import.");
        }

        progress?.Report("an AR clerk works two cash exceptions");
        var (cashWorked, cashNotes, second) = await DemoCash.RunAsync(services, report, asOf, environment.Dataverse, cancellationToken);
        sections.Add(cashWorked);
        notes.AddRange(cashNotes);
        var output = DemoOutputFolder.Create();
        notes.Add(await DemoTrend.WriteAsync(run, services, asOf, output, cancellationToken));
        notes.Add(await DemoEvidence.WriteAsync(services, output, cancellationToken));
        return (second.Evaluation, sections, notes);
    }

    /// <summary>A folder of canonical CSV files (no erp/ export): read directly, as <c>--from</c> does, and evaluated.</summary>
    private static (LedgerEvaluation, List<ReportSection>, List<string>)? Canonical(CommandRun run, SamplesFolder samples, DateOnly asOf)
    {
        if (run.ReadFolder(samples.Path) is not { } ledger)
        {
            return null;
        }

        var policies = run.EvaluationPolicies();
        if (samples.CompanyCurrency is { } currency)
        {
            policies = policies with { Company = new() { Currency = currency, TimeZone = policies.Company.TimeZone } };
        }

        var evaluation = LedgerEvaluator.Evaluate(ledger, EvaluationState.Empty, policies, asOf);
        return (evaluation, [], [$"Read the canonical CSV files of {samples.Path} directly (it has no {ExportFolderName}/ export): evaluated, not pushed anywhere."]);
    }
}
