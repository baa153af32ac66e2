using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Erp.Csv;
using Connector.Mapping.Loading;
using Connector.Store;
using Connector.Sync.Ingest;
using Connector.Sync.Ledger;
using Connector.Worker.Cli;
using Connector.Worker.Ingest;
using Connector.Worker.Output;

namespace Connector.Worker.Demo;

/// <summary>
/// The demo's data-in step, as in production: the sample company's ERP export (<c>samples/erp/</c>) is
/// dropped into a fresh drop folder, read through the shipped mappings into a fresh SQLite ledger, and the
/// ledger is read back for the reports. Everything lives in a temporary folder removed afterwards.
/// </summary>
internal static class DemoIngest
{
    public const string ExportFolderName = "erp";
    public const string MappingsFolderName = "mappings";

    /// <summary>Whether the sample folder carries an ERP export to ingest (else it is read as canonical CSV files).</summary>
    public static bool HasExport(string samples) => Directory.Exists(Path.Combine(samples, ExportFolderName));

    /// <summary>The ledger and the ingest summary; <c>null</c> after writing what went wrong.</summary>
    /// <remarks>With <paramref name="asOf"/> and <paramref name="policies"/> the ledger is then evaluated and pushed to an in-process Dataverse emulator.</remarks>
    public static async Task<(ArLedger Ledger, IReadOnlyList<ReportSection> Sections, IReadOnlyList<string> Notes)?> RunAsync(
        CommandRun run, string samples, DateOnly asOf, EvaluationPolicies policies, CancellationToken cancellationToken)
    {
        var export = Path.Combine(samples, ExportFolderName);
        var mappingsFolder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(samples))!, MappingsFolderName);
        if (!Directory.Exists(export) || !Directory.Exists(mappingsFolder))
        {
            await run.Error.WriteLineAsync($"demo: needs {export} (the ERP export) and {mappingsFolder} (the mappings that read it)".AsMemory(), cancellationToken);
            return null;
        }

        if (run.LoadMappings(mappingsFolder) is not { } mappings)
        {
            return null;
        }

        var work = Directory.CreateTempSubdirectory("connector-demo-");
        try
        {
            var drop = Directory.CreateDirectory(Path.Combine(work.FullName, "erp-drop")).FullName;
            foreach (var file in Directory.GetFiles(export, "*.csv"))
            {
                File.Copy(file, Path.Combine(drop, Path.GetFileName(file)));
            }

            await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = work.FullName }, run.Time, cancellationToken);
            var runner = new IngestRunner(store, new CsvDropSource(drop, TimeSpan.Zero, run.Time), mappings, run.Policy<IngestOptions>(), run.Logger<IngestRunner>());
            var report = await runner.RunAsync(null, null, cancellationToken);
            var ledger = await LedgerLoader.LoadAsync(store, cancellationToken);
            var summary = IngestCommand.ToReport(report, "the ledger").Sections[0] with
            {
                Title = $"ERP export ({ExportFolderName}/) through {MappingsFolderName}/ into a SQLite ledger",
            };
            var notes = report.Entities.SelectMany(static e => e.UnitProblems).ToList();
            if (report.Quarantined > 0)
            {
                notes.Add($"{report.Quarantined} sample rows were quarantined: the sample export and the mappings disagree.");
            }

            var sections = new List<ReportSection> { summary };
            if (await DemoDataverse.RunAsync(run, store, policies, asOf, cancellationToken) is not var (pushed, pushNotes))
            {
                return null;
            }

            sections.AddRange(pushed);
            notes.AddRange(pushNotes);
            if (await DemoOutlook.RunAsync(run, store, ledger, policies, asOf, DemoDataverse.DynamicsUrl, cancellationToken) is not var (outlook, outlookNotes))
            {
                return null;
            }

            sections.AddRange(outlook);
            notes.AddRange(outlookNotes);
            return (ledger, sections, notes);
        }
        finally
        {
            // SQLite keeps pooled connections (and file handles) until the pool is cleared.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }
}
