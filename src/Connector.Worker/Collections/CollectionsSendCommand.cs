using System.CommandLine;
using Connector.Domain.Collections;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Output;

using Microsoft.Extensions.DependencyInjection;

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
            var send = run.Services.GetRequiredService<CollectionsSend>();
            var day = run.AsOf(asOf);
            if (run.GetValue(dryRun))
            {
                var settings = run.CollectionsSettings();
                if (await send.DryRunAsync(settings.Options, day, cancellationToken) is not { } planned)
                {
                    await run.Error.WriteLineAsync($"there is no ledger yet ({run.StoreDescription}): run 'connector ingest' or 'connector sync --once' first".AsMemory(), cancellationToken);
                    return ExitCodes.UserMustAct;
                }

                run.Write(DryRun(planned, day, MailMissing(settings, run.GraphConfigured)), run.GetValue(format));
                return ExitCodes.Ok;
            }

            if (run.Graph() is null)
            {
                return ExitCodes.UserMustAct;
            }

            foreach (var warning in send.Warnings)
            {
                run.Warn(warning);
            }

            CollectionsSyncReport report;
            try
            {
                report = await send.RunAsync(day, null, cancellationToken);
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
                    Notes = [.. CollectionsReports.Notes(report), .. send.Warnings.Select(static w => "Held back: " + w)],
                },
                run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>What keeps the email from going out, in one line; <c>null</c> when it would go.</summary>
    private static string? MailMissing(CollectionsSettings settings, bool graphConfigured) =>
        settings.SenderMailbox is null ? "no email would be sent: Dunning:SenderMailbox is not set (the shared mailbox dunning email is sent from)"
        : settings.MailHeldBack is { } why ? "no email would be sent: " + why
        : graphConfigured ? null
        : "no task or email would be written: Graph is not configured (Graph:AccessToken, or Graph:TenantId + ClientId + ClientSecret)";

    private static Report DryRun(CollectionsPlanResult planned, DateOnly day, string? missing)
    {
        var sending = planned.Mail.Count(static d => d.Send);
        var from = planned.Outgoing.Count > 0 ? planned.Outgoing[0].FromMailbox : null;
        var verb = missing is null ? "would be sent" : "are due";
        return new Report
        {
            Title = $"Dry run as of {day:yyyy-MM-dd}: {sending} dunning emails {verb}{(from is null ? "" : " from " + from)}, {planned.Mail.Count - sending + planned.Plan.Skipped.Count(static s => s.Outcome == CollectionOutcome.DisputedOnly)} held back; nothing was written or sent",
            Sections = [Decisions(planned)],
            Notes =
            [
                .. missing is null ? Array.Empty<string>() : [char.ToUpperInvariant(missing[0]) + missing[1..] + "."],
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
