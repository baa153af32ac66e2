using System.CommandLine;
using System.Globalization;
using Connector.Sync.History;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Trend;

/// <summary>
/// <c>connector report trend [--from DATE] [--to DATE] [--customer ID] [--format table|csv|json|xlsx|html] [--out FILE]</c>:
/// is AR getting better or worse? Aging by bucket over time, DSO (simple and countback), CEI, % over 90 days, customers on
/// hold and the allowance target, from the daily snapshots every cycle keeps (<see cref="TrendReader"/>).
/// </summary>
public static class TrendReportCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var from = new Option<DateOnly?>("--from")
        {
            Description = "First day yyyy-MM-dd (default: the oldest kept)",
            HelpName = "DATE",
            CustomParser = static result => CommonOptions.ParseDate(result, "--from"),
        };
        var to = new Option<DateOnly?>("--to")
        {
            Description = "Last day yyyy-MM-dd (default: the latest kept)",
            HelpName = "DATE",
            CustomParser = static result => CommonOptions.ParseDate(result, "--to"),
        };
        var customer = new Option<string?>("--customer") { Description = "One customer's trend (its credit currency) instead of the portfolio's", HelpName = "ID" };
        var format = CommonOptions.DocumentFormat();
        var output = CommonOptions.Out();
        var command = new Command("trend", "Aging, DSO, CEI, % over 90 days, holds and allowance target over time, from the daily snapshots")
        {
            from, to, customer, format, output,
        };
        CommonOptions.RequireOutForXlsx(command, format, output);
        command.Validators.Add(result =>
        {
            // From the tokens: a date that did not parse has its own error, and reading it would throw.
            if (Day(CommonOptions.Token(result.GetResult(from))) is { } first && Day(CommonOptions.Token(result.GetResult(to))) is { } last && first > last)
            {
                result.AddError($"--from {first:yyyy-MM-dd} is after --to {last:yyyy-MM-dd}");
            }
        });
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            var id = run.GetValue(customer);
            Connector.Sync.History.Trend? trend;
            try
            {
                trend = await run.Services.GetRequiredService<TrendReader>().ReadAsync(run.GetValue(from), run.GetValue(to), id, cancellationToken);
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                run.Error.WriteLine(run.StoreFailureLine(ex));
                return ExitCodes.UserMustAct;
            }

            if (trend is null || trend.Points.Count == 0)
            {
                run.Error.WriteLine(trend is null
                    ? $"no store yet at {run.StoreDescription}: run 'connector sync --once' (or 'connector run') to keep the first daily snapshot"
                    : id is null
                        ? "no daily snapshot in that period: each 'connector sync --once' or scheduled cycle keeps one"
                        : $"no daily snapshot of customer {id} in that period");
                return ExitCodes.UserMustAct;
            }

            var chosen = run.GetValue(format);
            var path = run.GetValue(output);
            run.Write(TrendReport.ToReport(trend), chosen, path);
            if (path is not null)
            {
                run.Error.WriteLine($"wrote {Path.GetFullPath(path)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
