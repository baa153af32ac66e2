using System.CommandLine;
using System.Globalization;
using Connector.Sync.Runs;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Runs;

/// <summary>
/// <c>connector runs [--limit N] [--format table|csv|json]</c>: the run journal (<see cref="RunJournal"/>) — each sync cycle
/// <c>connector run</c> started, on which instance, when it started and ended, how it ended and what it did; oldest first.
/// </summary>
public static class RunsCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var format = CommonOptions.Format();
        var limit = new Option<int>("--limit")
        {
            Description = "The latest N runs (default 50)",
            HelpName = "N",
            DefaultValueFactory = static _ => 50,
            CustomParser = static result => CommonOptions.ParseWholeNumber<int>(result, "--limit", minimum: 1),
        };
        var command = new Command("runs", "The run journal: each sync cycle 'connector run' started, the instance that ran it, when, how it ended, what it did")
        {
            limit,
            format,
        };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            IReadOnlyList<RunRecord> runs;
            try
            {
                runs = await run.Services.GetRequiredService<RunJournal>().ListAsync(run.GetValue(limit), cancellationToken);
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync(run.StoreProblem(ex).AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            run.Write(ToReport(runs, run.StoreDescription), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Report ToReport(IReadOnlyList<RunRecord> runs, string store)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = runs.Select(static r => new ReportRow(
        [
            Cell.Of(r.RunId),
            Cell.Of(r.InstanceId),
            Cell.Of(r.Trigger),
            Cell.Of(Time(r.StartedAt)),
            Cell.Of(r.EndedAt is { } ended ? Time(ended) : null),
            r.EndedAt is { } end ? Cell.Integer((long)(end - r.StartedAt).TotalMilliseconds) : Cell.Of(null),
            Cell.Of(Name(r.Outcome)),
            Cell.Integer(r.Counts.RowsRead),
            Cell.Integer(r.Counts.RowsQuarantined),
            Cell.Integer(r.Counts.Customers),
            Cell.Integer(r.Counts.CustomersOnHold),
            Cell.Integer(r.Counts.RecordsSent),
            Cell.Integer(r.Counts.RecordsRefused),
            Cell.Of(r.Detail),
        ])).ToList();
        var notes = new List<string>
        {
            runs.Count == 0
                ? $"No sync cycle recorded in {store} yet: 'connector run' records each cycle it starts."
                : $"{runs.Count} runs in {store}, oldest first; times UTC. A run 'interrupted' was cut short when its instance stopped, and the next run took it over.",
        };
        return new Report
        {
            Title = "Run journal",
            Sections =
            [
                new(null,
                [
                    ReportColumn.Text("run_id", "Run"),
                    ReportColumn.Text("instance_id", "Instance"),
                    ReportColumn.Text("trigger", "Trigger"),
                    ReportColumn.Text("started_at", "Started"),
                    ReportColumn.Text("ended_at", "Ended"),
                    ReportColumn.Number("duration_ms", "ms"),
                    ReportColumn.Text("outcome", "Outcome"),
                    ReportColumn.Number("rows_read", "Rows read"),
                    ReportColumn.Number("rows_quarantined", "Quarantined"),
                    ReportColumn.Number("customers", "Customers"),
                    ReportColumn.Number("customers_on_hold", "On hold"),
                    ReportColumn.Number("records_sent", "Sent"),
                    ReportColumn.Number("records_refused", "Refused"),
                    ReportColumn.Text("detail", "Detail"),
                ], rows),
            ],
            Notes = notes,
        };
    }

    /// <summary>To the millisecond, so the runs of a short schedule can be told apart and compared.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Name(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Running => "running",
        RunOutcome.Succeeded => "succeeded",
        RunOutcome.Failed => "failed",
        RunOutcome.Cancelled => "cancelled",
        RunOutcome.Interrupted => "interrupted",
        _ => outcome.ToString(),
    };
}
