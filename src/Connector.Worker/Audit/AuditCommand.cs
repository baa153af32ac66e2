using System.CommandLine;
using System.Globalization;
using Connector.Sync.Audit;
using Connector.Sync.Ports;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Audit;

/// <summary>
/// <c>connector audit [--subject S] [--limit N] [--format …]</c>: the audit journal, newest first — every hold,
/// release and override, who made it, when, the before and after and the reason (the figures are in the reason).
/// </summary>
public static class AuditCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var subject = new Option<string?>("--subject") { Description = "Only this subject, e.g. customer:C-1001 or salesorder:SO-1", HelpName = "SUBJECT" };
        var limit = new Option<int>("--limit")
        {
            Description = "At most this many events (default 50)",
            HelpName = "N",
            DefaultValueFactory = static _ => 50,
            CustomParser = static result => CommonOptions.ParseWholeNumber<int>(result, "--limit", minimum: 1),
        };
        var format = CommonOptions.Format();
        var command = new Command("audit", "The audit journal, newest first: holds, releases, overrides and what people did, with who, when and why")
        {
            subject, limit, format, AuditVerifyCommand.Create(cli),
        };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var events = await run.Services.GetRequiredService<AuditJournal>().ReadAsync(run.GetValue(subject), run.GetValue(limit), cancellationToken);
            run.Write(ToReport(events, run.GetValue(subject)), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Report ToReport(IReadOnlyList<StoredAuditEvent> events, string? subject)
    {
        ArgumentNullException.ThrowIfNull(events);
        var rows = events.Select(static e => new ReportRow(
        [
            Cell.Integer(e.Id),
            Cell.Of(e.Event.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            Cell.Of(e.Event.Actor),
            Cell.Of(e.Event.Action),
            Cell.Of(e.Event.Subject),
            Cell.Of(e.Event.Before ?? ""),
            Cell.Of(e.Event.After ?? ""),
            Cell.Of(e.Event.Reason ?? ""),
        ])).ToList();
        return new Report
        {
            Title = subject is null ? "Audit journal, newest first" : $"Audit journal of {subject}, newest first",
            Sections =
            [
                new(null,
                [
                    ReportColumn.Number("id", "#"),
                    ReportColumn.Text("at", "At (UTC)"),
                    ReportColumn.Text("actor", "Who"),
                    ReportColumn.Text("action", "What"),
                    ReportColumn.Text("subject", "Subject"),
                    ReportColumn.Text("before", "Before"),
                    ReportColumn.Text("after", "After"),
                    ReportColumn.Text("reason", "Why (with the figures)"),
                ], rows),
            ],
            Notes = rows.Count == 0 ? ["No audit events" + (subject is null ? "." : $" for {subject}.")] : [],
            Json = events.Select(static e => new AuditJson(e.Id, e.Event.At, e.Event.Actor, e.Event.Action, e.Event.Subject, e.Event.Before, e.Event.After, e.Event.Reason)).ToList(),
        };
    }
}

/// <summary>One event as <c>--format json</c> writes it (an array, newest first).</summary>
public sealed record AuditJson(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After, string? Reason);
