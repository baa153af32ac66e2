using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Testing;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;
using MiniExcelLibs;
using SkiaSharp;

namespace Connector.Worker.Tests.Trend;

/// <summary>
/// <c>connector report trend</c> end to end on the sample company: one <c>sync --once</c> keeps the day and rebuilds the
/// past month-ends; the trend then reads back as json, as an Excel workbook a finance person pivots, and as an html page
/// whose charts a browser draws.
/// </summary>
public sealed partial class TrendReportCommandTests
{
    [Fact]
    public async Task Run_AfterOneSync_TrendHasTheCycleDayAndRebuiltMonthEndsWithTheMetricsOfThatDay()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        var trend = await workspace.RunAsync("report", "trend", "--format", "json");
        var metrics = await workspace.RunAsync("report", "metrics", "--as-of", SyncTestKit.AsOf, "--format", "json");

        Assert.True(trend.ExitCode == 0, trend.Error);
        using var json = JsonDocument.Parse(trend.Output);
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
        var day = points[^1];
        Assert.Equal(SyncTestKit.AsOf, day.GetProperty("day").GetString());
        Assert.False(day.GetProperty("rebuilt").GetBoolean());
        Assert.True(points.Count > 3, $"only {points.Count} days");
        Assert.All(points[..^1], p => Assert.True(p.GetProperty("rebuilt").GetBoolean()));
        Assert.All(points[..^1], p => Assert.True(DateOnly.Parse(p.GetProperty("day").GetString()!, CultureInfo.InvariantCulture).AddDays(1).Day == 1));

        // The cycle's figures are report metrics' figures of that day (one calculation, not two).
        using var m = JsonDocument.Parse(metrics.Output);
        var figures = m.RootElement.GetProperty("metrics");
        Assert.Equal(figures.GetProperty("dso_simple").GetDecimal(), day.GetProperty("dso_simple").GetDecimal());
        Assert.Equal(figures.GetProperty("dso_countback").GetDecimal(), day.GetProperty("dso_countback").GetDecimal());
        Assert.Equal(figures.GetProperty("cei").GetDecimal(), day.GetProperty("cei").GetDecimal());
        Assert.Equal(m.RootElement.GetProperty("input").GetProperty("end_ar").GetDecimal(), day.GetProperty("total_open").GetDecimal());
        Assert.InRange(day.GetProperty("buckets").EnumerateObject().Sum(static b => b.Value.GetDecimal()) - day.GetProperty("total_open").GetDecimal(), -0.03m, 0.03m); // each rounded to the cent
        Assert.True(day.GetProperty("holds").GetInt32() > 0);
    }

    [Fact]
    public async Task Run_XlsxAndHtml_WorkbookReadsBackTheFiguresAndChromiumDrawsTheCharts()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        using var files = new TempDirectory();
        var xlsx = files.File("trend.xlsx");
        var html = files.File("trend.html");

        var json = await workspace.RunAsync("report", "trend", "--format", "json");
        var workbook = await workspace.RunAsync("report", "trend", "--format", "xlsx", "--out", xlsx);
        var page = await workspace.RunAsync("report", "trend", "--format", "html", "--out", html);

        Assert.True(workbook.ExitCode == 0, workbook.Error);
        Assert.True(page.ExitCode == 0, page.Error);
        Assert.Empty(workbook.Output);
        Assert.Contains($"wrote {xlsx}", workbook.Error, StringComparison.Ordinal);

        // The workbook: one row per day with numbers as numbers, and the aging one row per day and bucket.
        using var document = JsonDocument.Parse(json.Output);
        var points = document.RootElement.GetProperty("points").EnumerateArray().ToList();
        var rows = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Figures").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(points.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(DateTime.Parse(points[i].GetProperty("day").GetString()!, CultureInfo.InvariantCulture), Assert.IsType<DateTime>(rows[i]["day"]));
            Assert.Equal(points[i].GetProperty("total_open").GetDecimal(), Convert.ToDecimal(Assert.IsType<double>(rows[i]["total_open"]), CultureInfo.InvariantCulture));
            Assert.Equal(points[i].GetProperty("dso_simple").GetDecimal(), Convert.ToDecimal(Assert.IsType<double>(rows[i]["dso_simple"]), CultureInfo.InvariantCulture));
            Assert.Equal(points[i].GetProperty("holds").GetInt32(), Convert.ToInt32(rows[i]["holds"], CultureInfo.InvariantCulture));
        }

        var aging = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Aging by bucket").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(points.Count * 6, aging.Count);
        var last = points[^1];
        var lastDay = DateTime.Parse(last.GetProperty("day").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(
            last.GetProperty("buckets").EnumerateObject().Select(static b => (b.Name, b.Value.GetDecimal())),
            aging.Where(r => (DateTime)r["day"] == lastDay).Select(static r => ((string)r["bucket"], Convert.ToDecimal(r["amount"], CultureInfo.InvariantCulture))));

        // The page: five charts as inline SVG, each with lines a browser draws.
        var dom = await HeadlessChromium.DumpDomAsync(html);
        Assert.Equal(5, SvgElement().Count(dom));
        Assert.True(PathWithData().Count(dom) >= 10, "the charts' SVG has no drawn paths");
        var png = files.File("trend.png");
        await HeadlessChromium.ScreenshotAsync(html, png, 1000, 1400);
        using var shot = SKBitmap.Decode(png);
        Assert.NotNull(shot);
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < shot.Height; y += 4)
        {
            for (var x = 0; x < shot.Width; x += 4)
            {
                colours.Add(shot.GetPixel(x, y));
            }
        }

        Assert.True(colours.Count > 20, $"the screenshot has {colours.Count} colours: blank");
    }

    [Theory]
    [InlineData("connector: --from: expected a date yyyy-MM-dd, got '2026-13-01'", "--from", "2026-13-01")]
    [InlineData("connector: --to: expected a date yyyy-MM-dd, got 'yesterday'", "--to", "yesterday")]
    [InlineData("connector: --from 2026-05-01 is after --to 2026-04-01", "--from", "2026-05-01", "--to", "2026-04-01")]
    [InlineData("connector: --format xlsx needs --out FILE (a workbook is not written to the terminal)", "--format", "xlsx")]
    [InlineData("connector: --format: expected table, csv, json, xlsx or html, got 'pdf'", "--format", "pdf")]
    public async Task Run_BadUsage_OneClearLineExitTwo(string expected, params string[] args)
    {
        var result = await InProcess.RunAsync(["report", "trend", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal([expected], result.ErrorLines);
    }

    [Fact]
    public async Task Run_LedgerTooLargeForTheFirstCycleToRebuild_SyncSaysSoAndHistoryBackfillRebuildsTheMonthEnds()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        workspace.UseSection("History", new { FirstRunBackfillMaxCustomers = 100 });

        var sync = await SyncTestKit.SyncAsync(workspace);
        SyncTestKit.Pushed(sync);
        var before = await workspace.RunAsync("report", "trend", "--format", "json");
        var backfill = await workspace.RunAsync("history", "backfill", "--months", "3");
        var after = await workspace.RunAsync("report", "trend", "--format", "json");

        Assert.Contains("run 'connector history backfill' once", sync.Output.Replace("\\u0027", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(0, Rebuilt(before.Output));
        Assert.True(backfill.ExitCode == 0, backfill.Error);
        Assert.Matches(@"^Rebuilt [1-3] month-end\(s\) of the 3 asked", backfill.Output);
        Assert.InRange(Rebuilt(after.Output), 1, 3);
    }

    private static int Rebuilt(string trendJson)
    {
        using var json = JsonDocument.Parse(trendJson);
        return json.RootElement.GetProperty("points").EnumerateArray().Count(static p => p.GetProperty("rebuilt").GetBoolean());
    }

    [Fact]
    public async Task Run_NoCycleYet_SaysHowToKeepTheFirstSnapshotExitOne()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("report", "trend");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("connector sync --once", line, StringComparison.Ordinal);
    }

    [GeneratedRegex("<svg[ >]")]
    private static partial Regex SvgElement();

    [GeneratedRegex("<path[^>]* d=\"M[^\"]{8,}\"")]
    private static partial Regex PathWithData();
}
