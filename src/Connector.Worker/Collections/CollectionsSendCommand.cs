using System.CommandLine;
using Connector.Domain.Collections;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Output;

namespace Connector.Worker.Collections;

/// <summary>
/// <c>connector collections send [--dry-run] [--as-of DATE]</c>: the collections step on its own — read back the
/// collectors' lists, plan, write the tasks, send the dunning email that is due. With <c>--dry-run</c> nothing is
/// written or sent: every email the plan would send, or hold back, is listed with its recipients and the reason.
/// </summary>
public static class CollectionsSendCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would go out, to whom and why (or why not), without writing or sending anything" };
        var asOf = CommonOptions.AsOf();
        var format = CommonOptions.Format();
        var command = new Command("send", "Write the collection tasks to Outlook and send the dunning email that is due") { dryRun, asOf, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var dry = run.GetValue(dryRun);
            if (run.CollectionsOptions(requireMail: true) is not { } options)
            {
                return ExitCodes.UserMustAct;
            }

            (ITaskBoard Board, IMailSender Mail)? graph = null;
            if (!dry && (graph = run.Graph()) is null)
            {
                return ExitCodes.UserMustAct;
            }

            await using var store = await run.OpenStoreAsync(cancellationToken);
            if (store is null)
            {
                return ExitCodes.UserMustAct;
            }

            var day = run.AsOf(asOf);
            if (dry)
            {
                var planned = await CollectionsSync.PlanAsync(store, run.EvaluationPolicies(), day, options, run.Time, cancellationToken);
                run.Write(DryRun(planned, day), run.GetValue(format));
                return ExitCodes.Ok;
            }

            CollectionsSyncReport report;
            try
            {
                report = await new CollectionsSync(store, graph!.Value.Board, graph.Value.Mail, run.Time).RunAsync(run.EvaluationPolicies(), day, options, null, cancellationToken);
            }
            catch (TaskBoardException ex)
            {
                await run.Error.WriteLineAsync($"collections send: Graph: {ex.Message}; what was not written or sent stays queued for the next run".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            run.Write(
                new Report
                {
                    Title = $"Collections as of {day:yyyy-MM-dd}",
                    Sections = [CollectionsReports.Written(report), Decisions(report.Planned)],
                    Notes = CollectionsReports.Notes(report),
                },
                run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Report DryRun(CollectionsPlanResult planned, DateOnly day)
    {
        var sending = planned.Mail.Count(static d => d.Send);
        var from = planned.Outgoing.FirstOrDefault()?.FromMailbox;
        return new Report
        {
            Title = $"Dry run as of {day:yyyy-MM-dd}: {sending} dunning emails would be sent{(from is null ? "" : " from " + from)}, {planned.Mail.Count - sending + planned.Plan.Skipped.Count(static s => s.Outcome == CollectionOutcome.DisputedOnly)} held back; nothing was written or sent",
            Sections = [Decisions(planned)],
            Notes =
            [
                $"{planned.Plan.Cases.Count} open collection cases; {planned.Commit.Outbox.Count(static o => o.Target == TaskIntent.Target)} tasks would be created or refreshed if their content changed since the last run.",
                .. planned.Unrouted.Take(5).Select(static u => $"{u.CaseId}: no task: {u.Reason}."),
            ],
        };
    }

    /// <summary>One row per email the ladder calls for: to whom, the subject, and whether it goes and why.</summary>
    private static ReportSection Decisions(CollectionsPlanResult planned)
    {
        ReportColumn[] columns =
        [
            ReportColumn.Text("case", "Case"),
            ReportColumn.Number("level", "Level"),
            ReportColumn.Text("send", "Send"),
            ReportColumn.Text("to", "To"),
            ReportColumn.Text("subject", "Subject"),
            ReportColumn.Text("why", "Why"),
        ];
        var subjects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (decision, mail) in planned.Mail.Where(static d => d.Send).Zip(planned.Outgoing))
        {
            subjects[decision.Key] = mail.Subject;
        }

        var rows = planned.Mail
            .OrderByDescending(static d => d.Send)
            .ThenBy(static d => d.CaseId, StringComparer.Ordinal)
            .Select(d => new ReportRow(
            [
                Cell.Of(d.CaseId),
                Cell.Integer(d.Level),
                Cell.Of(d.Send ? "yes" : "no"),
                Cell.Of(string.Join("; ", d.To)),
                Cell.Of(subjects.GetValueOrDefault(d.Key) ?? ""),
                Cell.Of(d.Reason),
            ]))
            .ToList();

        // A customer whose only overdue items are disputed has no case, so no email decision: the AR manager still asks why.
        rows.AddRange(planned.Plan.Skipped
            .Where(static s => s.Outcome == CollectionOutcome.DisputedOnly)
            .OrderBy(static s => s.CustomerId, StringComparer.Ordinal)
            .Select(static s => new ReportRow(
            [
                Cell.Of("(no case) " + s.CustomerId),
                Cell.Integer(0),
                Cell.Of("no"),
                Cell.Of(""),
                Cell.Of(""),
                Cell.Of(s.Reason),
            ])));
        return new ReportSection("Dunning email", columns, rows);
    }
}
