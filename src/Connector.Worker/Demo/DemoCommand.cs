using System.CommandLine;
using Connector.Domain.Ledger;
using Connector.Domain.Policies;
using Connector.Worker.Aging;
using Connector.Worker.Allowance;
using Connector.Worker.CashApplication;
using Connector.Worker.Cli;
using Connector.Worker.Collections;
using Connector.Worker.Credit;
using Connector.Worker.Holds;
using Connector.Worker.Metrics;
using Connector.Worker.Output;

namespace Connector.Worker.Demo;

/// <summary><c>connector demo [--samples DIR]</c>: runs the reports on the sample company and prints a readable summary.</summary>
public static class DemoCommand
{
    /// <summary>The parts of the summary, in the order shown. One line per capability.</summary>
    private static readonly DemoPart[] Parts =
    [
        LedgerDemoPart.Summarize,
        AgingDemoPart.Summarize,
        AllowanceDemoPart.Summarize,
        MetricsDemoPart.Summarize,
        CollectionsDemoPart.Summarize,
        HoldsDemoPart.Summarize,
        CreditDemoPart.Summarize,
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
        var command = new Command("demo", "Run the reports on the sample company and print a summary") { samples };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var folder = SamplesFolder.Locate(run.GetValue(samples));
            if (folder is null)
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

            var company = run.Policy<CompanyPolicy>();
            if (manifest.CompanyCurrency is { } currency)
            {
                company = new CompanyPolicy { Currency = currency };
            }

            var asOf = manifest.AsOf ?? run.Today;
            ArLedger ledger;
            var sections = new List<ReportSection>();
            var notes = new List<string>();
            if (DemoIngest.HasExport(folder))
            {
                var policies = run.EvaluationPolicies() with { Company = company };
                if (await DemoIngest.RunAsync(run, folder, asOf, policies, cancellationToken) is not var (ingestedLedger, ingested, ingestNotes))
                {
                    return ExitCodes.UserMustAct;
                }

                (ledger, sections, notes) = (ingestedLedger, [.. ingested], [.. ingestNotes]);
            }
            else if (run.TryLoadLedger(folder, out var folderLedger))
            {
                // A folder of canonical CSV files (no erp/ export): read directly, as --from does.
                ledger = folderLedger;
                notes.Add($"Read the canonical CSV files of {folder} directly (it has no {DemoIngest.ExportFolderName}/ export).");
            }
            else
            {
                return ExitCodes.UserMustAct;
            }

            var input = new DemoInput(ledger, asOf, company, run);

            foreach (var part in Parts)
            {
                var summary = part(input);
                sections.AddRange(summary.Sections);
                notes.AddRange(summary.Notes);
            }

            run.Write(
                new Report
                {
                    Title = $"Receivables connector demo: {folder} as of {input.AsOf:yyyy-MM-dd}, company currency {company.Currency}",
                    Sections = sections,
                    Notes = notes,
                },
                ReportFormat.Table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
