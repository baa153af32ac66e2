using System.CommandLine;
using System.Globalization;
using Connector.Sync.Audit;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Audit;

/// <summary>
/// <c>connector audit verify [--format …]</c>: walks the audit journal's hash chain (decision 95). Intact: the number
/// of events and the chain head hash, exit 0. Broken: one line on stderr naming the first broken link, exit 1.
/// </summary>
public static class AuditVerifyCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var format = CommonOptions.Format();
        var command = new Command("verify", "Checks that no audit event was edited, deleted or inserted: prints the event count and the chain head hash") { format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var verification = await run.Services.GetRequiredService<AuditJournal>().VerifyAsync(cancellationToken);
            if (verification.Break is { } broken)
            {
                await run.Error.WriteLineAsync(BrokenLine(verification, broken).AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            run.Write(ToReport(verification), run.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string BrokenLine(AuditChainVerification verification, AuditChainBreak broken)
    {
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(broken);
        return string.Create(CultureInfo.InvariantCulture, $"audit verify: chain broken at event {broken.EventId}: {broken.Problem} ({verification.Events} events before it verified)");
    }

    public static Report ToReport(AuditChainVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        return new Report
        {
            Title = "Audit journal chain: intact",
            Sections =
            [
                new(null,
                [
                    ReportColumn.Number("events", "Events"),
                    ReportColumn.Text("head", "Chain head (SHA-256)"),
                ], [new ReportRow([Cell.Integer(verification.Events), Cell.Of(verification.Head ?? "(empty journal)")])]),
            ],
            Notes = ["Keep the head hash outside the store: a later verify whose chain does not lead through it shows events removed from the end."],
            Json = new AuditVerifyJson(true, verification.Events, verification.Head),
        };
    }
}

/// <summary>What <c>audit verify --format json</c> writes when the chain is intact.</summary>
public sealed record AuditVerifyJson(bool Intact, long Events, string? Head);
