using System.CommandLine;
using Connector.Erp;
using Connector.Sync.Cycle;
using Connector.Sync.Ingest;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Ingest;

/// <summary>
/// <c>connector ingest [--entity E] [--format table|csv|json]</c>: reads the ERP through the mappings into the
/// ledger. Bad rows are quarantined (see <c>connector deadletters</c>) and the good ones land; per entity it
/// prints read = landed + unchanged + quarantined + filtered.
/// </summary>
public static class IngestCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var entity = EntityOption.Create("Only this entity (default: every mapped entity, referenced ones first)");
        var format = CommonOptions.Format();
        var command = new Command("ingest", "Read the ERP export or database through the mappings into the ledger") { entity, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var ingestion = run.Services.GetRequiredService<Ingestion>();
            IngestReport report;
            try
            {
                report = await IngestProgressDisplay.RunAsync(
                    run.Error,
                    progress => ingestion.RunAsync(run.GetValue(entity) is { } only ? [only] : null, progress, cancellationToken));
            }
            catch (InvalidMappingsException ex)
            {
                foreach (var problem in ex.Problems)
                {
                    await run.Error.WriteLineAsync(problem.ToString().AsMemory(), cancellationToken);
                }

                return ExitCodes.UserMustAct;
            }
            catch (ErpSourceException ex)
            {
                await run.Error.WriteLineAsync($"ingest: {ex.Message}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                // Every batch is one transaction with its checkpoint: what was committed stays, the rest is read again.
                await run.Error.WriteLineAsync($"ingest: {run.StoreFailureLine(ex)}; nothing committed is lost, and the next 'connector ingest' resumes after the last stored batch".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            WarnAboutProblems(run, report);
            run.Write(ToReport(report, run.StoreDescription), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Columns <c>entity, read, new, changed, unchanged, quarantined, filtered, files</c>.</summary>
    public static Report ToReport(IngestReport report, string store)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportColumn[] columns =
        [
            ReportColumn.Text("entity", "Entity"),
            ReportColumn.Number("read", "Read"),
            ReportColumn.Number("new", "New"),
            ReportColumn.Number("changed", "Changed"),
            ReportColumn.Number("unchanged", "Unchanged"),
            ReportColumn.Number("quarantined", "Quarantined"),
            ReportColumn.Number("filtered", "Filtered"),
            ReportColumn.Text("files", "Files"),
        ];
        var rows = report.Entities.Select(static e => new ReportRow(
        [
            Cell.Of(EntityOption.Name(e.Entity)),
            Cell.Integer(e.Read),
            Cell.Integer(e.New),
            Cell.Integer(e.Changed),
            Cell.Integer(e.Unchanged),
            Cell.Integer(e.Quarantined),
            Cell.Integer(e.Filtered),
            Cell.Of(Files(e)),
        ])).ToList();
        return new Report
        {
            Title = $"Ingest into {store}: read = new + changed + unchanged + quarantined + filtered",
            Sections = [new ReportSection(null, columns, rows)],
            Notes = [
                .. report.Entities.SelectMany(static e => e.UnitProblems),
                .. report.Entities.SelectMany(static e => e.Skipped),
                .. report.Bank?.Problems.Prepend(report.Bank.Summary) ?? []],
        };
    }

    private static string Files(EntityIngestResult result)
    {
        var files = string.Join(", ", result.Units);
        return result.AlreadyIngested.Count == 0
            ? files
            : (files.Length > 0 ? files + "; " : string.Empty) + $"already ingested: {string.Join(", ", result.AlreadyIngested)}";
    }

    private static void WarnAboutProblems(CommandRun run, IngestReport report)
    {
        foreach (var problem in report.Entities.SelectMany(static e => e.UnitProblems).Concat(report.Entities.SelectMany(static e => e.Skipped)).Concat(report.Bank?.Problems ?? []))
        {
            run.Warn(problem);
        }

        if (report.Quarantined > 0)
        {
            run.Warn($"{report.Quarantined} rows quarantined with their reasons: see 'connector deadletters list', fix the mapping or the export, then 'connector deadletters retry'");
        }
    }
}
