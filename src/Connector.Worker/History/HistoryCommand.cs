using System.CommandLine;
using System.Globalization;
using Connector.Sync.History;
using Connector.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.History;

/// <summary>
/// <c>connector history backfill [--months N]</c>: rebuilds the past month-ends of the daily snapshots from the ledger's history
/// (<see cref="HistoryBackfill"/>), labelled rebuilt, never over a day already kept. A first cycle does this by itself only for a
/// small ledger (<c>History:FirstRunBackfillMaxCustomers</c>, decision 116).
/// </summary>
public static class HistoryCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var months = new Option<int?>("--months")
        {
            Description = "Month-ends to rebuild, latest first (default History:BackfillMonths)",
            HelpName = "N",
            CustomParser = static result =>
            {
                // The same bound as History:BackfillMonths (ten years of month-ends).
                var asked = CommonOptions.ParseWholeNumber<int>(result, "--months", minimum: 1);
                if (asked > 120)
                {
                    result.AddError(string.Create(CultureInfo.InvariantCulture, $"--months: expected a whole number from 1 to 120, got '{asked}'"));
                }

                return asked;
            },
        };
        var backfill = new Command("backfill", "Rebuilds past month-ends of the trend from the ledger's history (labelled rebuilt; never over a kept day)") { months };
        cli.SetAction(backfill, async (run, cancellationToken) =>
        {
            HistoryBackfillResult result;
            try
            {
                result = await run.Services.GetRequiredService<HistoryBackfill>().RunAsync(run.GetValue(months), cancellationToken);
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync(run.StoreProblem(ex).AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            if (result.Problem is { } problem)
            {
                await run.Error.WriteLineAsync($"history backfill: {problem}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            var days = result.Rebuilt.Count == 0 ? "" : ": " + string.Join(", ", result.Rebuilt.Order().Select(static d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            await run.Output.WriteLineAsync(
                string.Create(CultureInfo.InvariantCulture, $"Rebuilt {result.Rebuilt.Count} month-end(s) of the {result.Asked} asked (the others were kept already or before the ledger's history){days}").AsMemory(),
                cancellationToken);
            return ExitCodes.Ok;
        });
        return new Command("history", "The daily snapshots the trend report reads") { backfill };
    }
}
