using Connector.Sync.History;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Connector.Worker.Trend;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Demo;

/// <summary>
/// The demo's trend part on the product path: the cycles kept the sample company's daily snapshot (and, on this first run,
/// rebuilt its past month-ends from the ledger's history); the demo writes <c>report trend --format html</c> to a file a
/// manager opens in a browser and says where it is.
/// </summary>
internal static class DemoTrend
{
    public static async Task<string> WriteAsync(CommandRun run, IServiceProvider services, DateOnly asOf, string folder, CancellationToken cancellationToken)
    {
        var trend = await services.GetRequiredService<TrendReader>().ReadAsync(null, null, null, cancellationToken);
        if (trend is not { Points.Count: > 0 })
        {
            return "Trend: no daily snapshot was kept.";
        }

        var path = Path.Combine(folder, $"trend-{asOf:yyyy-MM-dd}.html");
        run.Write(TrendReport.ToReport(trend), ReportFormat.Html, path);
        var rebuilt = trend.Points.Count(static p => p.Rebuilt);
        return $"Trend: {path} ({trend.Points.Count} days, {rebuilt} of them month-ends rebuilt from the ledger's history; open it in a browser).";
    }
}
