using System.CommandLine;
using System.Globalization;
using Connector.Sync.Ports;
using Connector.Sync.Statements;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Statements;

/// <summary>
/// <c>connector statements send [--customer ID] [--period yyyy-MM] [--dry-run] [--resend]</c>: each customer's statement
/// of account for the period (default: the month before today) as a PDF attached to an email through Graph, at most once
/// per customer and period (<see cref="StatementSend"/>). With <c>--dry-run</c> every statement is built and listed with its
/// recipients, figures and PDF size, and nothing is sent or recorded.
/// </summary>
public static class StatementsSendCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var customer = new Option<string?>("--customer") { Description = "Only this customer's statement (ERP customer number)", HelpName = "ID" };
        var period = new Option<StatementPeriod?>("--period")
        {
            Description = "The calendar month yyyy-MM (default: the month before today)",
            HelpName = "yyyy-MM",
            CustomParser = static result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return null;
                }

                var text = result.Tokens[0].Value;
                var parsed = StatementPeriod.ParseMonth(text);
                if (parsed is null)
                {
                    result.AddError($"--period: expected a month yyyy-MM, got '{text}'");
                }

                return parsed;
            },
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be sent, to whom and with which figures, without sending or recording anything" };
        var resend = new Option<bool>("--resend") { Description = "Send the customer's statement again although one was sent or started for the period (after checking Sent Items); needs --customer" };
        var format = CommonOptions.Format();
        var command = new Command("send", "Send each customer's statement of account for the period as a PDF by email, once per period") { customer, period, dryRun, resend, format };
        command.Validators.Add(result =>
        {
            if (result.GetValue(resend) && string.IsNullOrWhiteSpace(result.GetValue(customer)))
            {
                result.AddError("statements send: --resend needs --customer ID (statements are sent again one customer at a time)");
            }
        });
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var send = run.Services.GetRequiredService<StatementSend>();
            var settings = StatementsSetup.Read(run.Services.GetRequiredService<IConfiguration>());
            var isDryRun = run.GetValue(dryRun);
            var missing = StatementsSetup.Missing(settings, send.CanSend);
            if (!isDryRun && missing is not null)
            {
                await run.Error.WriteLineAsync($"statements send: {missing}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            var request = new StatementSendRequest
            {
                Period = run.GetValue(period),
                CustomerId = run.GetValue(customer)?.Trim(),
                DryRun = isDryRun,
                Resend = run.GetValue(resend),
                By = CommandRun.Actor,
            };
            StatementSendReport? report;
            try
            {
                report = await send.RunAsync(request, settings, cancellationToken);
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync(run.StoreProblem(ex).AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            if (report is null)
            {
                await run.Error.WriteLineAsync($"there is no ledger yet ({run.StoreDescription}): run 'connector ingest' or 'connector sync --once' first".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            if (report.Problem is { } problem)
            {
                await run.Error.WriteLineAsync($"statements send: {problem}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            run.Write(ToReport(report, isDryRun ? missing : null), run.GetValue(format));
            return report.Count(StatementOutcome.Failed) + report.Count(StatementOutcome.Uncertain) > 0 ? ExitCodes.UserMustAct : ExitCodes.Ok;
        });
        return command;
    }

    public static Report ToReport(StatementSendReport report, string? missing)
    {
        ArgumentNullException.ThrowIfNull(report);
        var send = report.Count(StatementOutcome.Send);
        var title = report.DryRun
            ? $"Dry run: {send} statements of account for {report.Period.Label} would be sent{(missing is null ? "" : " once the settings are fixed")}, "
                + $"{report.Decisions.Count - send} not; nothing was sent or recorded"
            : $"Statements of account for {report.Period.Label} (issued {Day(report.IssuedOn)}): {send} sent, "
                + $"{report.Count(StatementOutcome.AlreadySent)} sent before, {report.Count(StatementOutcome.Skipped)} skipped, "
                + $"{report.Count(StatementOutcome.Failed)} failed, {report.Count(StatementOutcome.Uncertain)} uncertain";
        ReportColumn[] columns =
        [
            ReportColumn.Text("customer", "Customer"),
            ReportColumn.Text("name", "Name"),
            ReportColumn.Text("outcome", "Outcome"),
            ReportColumn.Text("to", "To"),
            ReportColumn.Text("cc", "Cc"),
            ReportColumn.Number("closing_balance", "Balance at end"),
            ReportColumn.Number("amount_due", "Due now"),
            ReportColumn.Number("pdf_kb", "PDF KB"),
            ReportColumn.Text("reason", "Why"),
        ];
        var rows = report.Decisions
            .OrderBy(static d => d.Outcome)
            .ThenBy(static d => d.CustomerId, StringComparer.Ordinal)
            .Select(d => new ReportRow(
            [
                Cell.Of(d.CustomerId),
                Cell.Of(d.CustomerName),
                Cell.Of(Outcome(d.Outcome, report.DryRun)),
                Cell.Of(string.Join("; ", d.To)),
                Cell.Of(string.Join("; ", d.Cc)),
                Cell.Money(d.ClosingBalance, d.Currency),
                Cell.Money(d.AmountDue, d.Currency),
                Cell.Integer((d.PdfBytes + 1023) / 1024),
                Cell.Of(d.Reason),
            ]))
            .ToList();
        var kilobytes = report.Decisions.Where(static d => d.PdfBytes > 0).Select(static d => d.PdfBytes / 1024.0).ToList();
        return new Report
        {
            Title = title,
            Sections = [new ReportSection("Statements", columns, rows)],
            Notes =
            [
                .. missing is null ? Array.Empty<string>() : [char.ToUpperInvariant(missing[0]) + missing[1..] + "."],
                .. kilobytes.Count == 0 ? Array.Empty<string>() : [string.Create(CultureInfo.InvariantCulture, $"{kilobytes.Count} PDFs made, {kilobytes.Average():0} KB on average, {kilobytes.Max():0} KB the largest (Graph takes up to {MailAttachment.MaxInlineBytes / 1024} KB inline).")],
            ],
        };
    }

    private static string Outcome(StatementOutcome outcome, bool dryRun) => outcome switch
    {
        StatementOutcome.Send => dryRun ? "would send" : "sent",
        StatementOutcome.AlreadySent => "sent before",
        StatementOutcome.Uncertain => "uncertain",
        StatementOutcome.Skipped => "skipped",
        _ => "failed",
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
