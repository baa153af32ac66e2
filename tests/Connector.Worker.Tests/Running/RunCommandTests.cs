using System.Text.Json;
using Connector.Worker.Running;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Connector.Worker.Tests.Running;

public class RunCommandTests
{
    /// <summary>Never due while a test runs: only the run at start happens.</summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    private const string EverySecond = "* * * * * ?";

    [Fact]
    public async Task Run_AtStart_SyncsAtOnceAndLogsTheRunIdOnEveryLineOfTheRun()
    {
        await using var worker = RunningWorker.Start(Never);

        var events = await worker.Log.WaitForAsync(static e => e.Any(WorkerLog.IsSummary), worker.Exit);
        Assert.Equal(0, await worker.StopAsync());

        var summary = events.Single(WorkerLog.IsSummary);
        var runId = WorkerLog.RunId(summary);
        Assert.Matches("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$", runId);
        Assert.True(summary.GetProperty("RowsRead").GetInt64() > 0);
        Assert.True(summary.GetProperty("Sent").GetInt32() > 0);
        var run = events
            .SkipWhile(static e => !WorkerLog.IsStart(e))
            .TakeWhile(static e => !WorkerLog.IsSummary(e))
            .Where(static e => !Source(e).StartsWith("Quartz", StringComparison.Ordinal))
            .ToList();
        Assert.All(run, e => Assert.Equal(runId, WorkerLog.RunId(e)));
        Assert.Contains(run, static e => Source(e) != typeof(SyncJob).FullName); // the scope reaches the ingest's own lines too
        Assert.Contains(worker.Dataverse.Upserts, static u => u is { Table: "account", Records: > 0 });
    }

    [Fact]
    public async Task Run_TriggerDueWhileACycleRuns_StartsTheNextCycleOnlyAfterIt()
    {
        var held = 0;
        await using var worker = RunningWorker.Start(EverySecond, (dataverse, services) => dataverse.OnUpsert = async cancellationToken =>
        {
            if (Interlocked.Exchange(ref held, 1) == 0)
            {
                await HoldUntilScheduleComesDueBlockedAsync(services, cancellationToken);
            }
        });

        var events = await worker.Log.WaitForAsync(static e => e.Count(WorkerLog.IsSummary) >= 2, worker.Exit);
        Assert.Equal(0, await worker.StopAsync());

        var runs = events.Where(static e => WorkerLog.IsStart(e) || WorkerLog.IsSummary(e)).Take(4).ToList();
        Assert.Equal([true, false, true, false], runs.Select(WorkerLog.IsStart));
        Assert.Equal(WorkerLog.RunId(runs[0]), WorkerLog.RunId(runs[1]));
        Assert.Equal(WorkerLog.RunId(runs[2]), WorkerLog.RunId(runs[3]));
        Assert.NotEqual(WorkerLog.RunId(runs[0]), WorkerLog.RunId(runs[2]));
    }

    [Fact]
    public async Task Run_CycleFails_LogsTheErrorWithItsRunIdAndTheNextTriggerRunsAgain()
    {
        var failed = 0;
        await using var worker = RunningWorker.Start(EverySecond, static (dataverse, _) => { });
        worker.Dataverse.OnUpsert = _ => Interlocked.Exchange(ref failed, 1) == 0
            ? throw new HttpRequestException("Dataverse answered 503 Service Unavailable after 5 retries")
            : Task.CompletedTask;

        var events = await worker.Log.WaitForAsync(static e => e.Any(WorkerLog.IsSummary), worker.Exit);
        Assert.Equal(0, await worker.StopAsync());

        var failure = Assert.Single(events, static e => WorkerLog.Template(e)?.StartsWith("Sync run failed", StringComparison.Ordinal) == true);
        Assert.Equal("Error", failure.GetProperty("@l").GetString());
        Assert.Equal("Dataverse answered 503 Service Unavailable after 5 retries", failure.GetProperty("Reason").GetString());
        Assert.NotEqual(WorkerLog.RunId(failure), WorkerLog.RunId(events.First(WorkerLog.IsSummary)));
    }

    [Fact]
    public async Task Run_StoppedDuringACycle_CancelsItAndExitsZero()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = RunningWorker.Start(Never, (dataverse, _) => dataverse.OnUpsert = async cancellationToken =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, await worker.StopAsync());

        var events = worker.Log.Events();
        var stopped = Assert.Single(events, static e => WorkerLog.Template(e)?.Contains("stopped by shutdown", StringComparison.Ordinal) == true);
        Assert.Equal(WorkerLog.RunId(events.Single(WorkerLog.IsStart)), WorkerLog.RunId(stopped));
        Assert.DoesNotContain(events, WorkerLog.IsSummary);
    }

    [Fact]
    public async Task Run_NoDataverseSettings_ExitsOneWithALinePerMissingSetting()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", "{}");

        var result = await InProcess.RunAsync("run", "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "Dataverse:Url is required: the environment URL, such as https://contoso.crm4.dynamics.com/ (was empty).",
            "Dataverse:AccessToken, Dataverse:ClientSecret, Dataverse:CertificatePath need exactly one to be set: AccessToken, or TenantId + ClientId + ClientSecret, or TenantId + ClientId + CertificatePath (was none set).",
        ], result.ErrorLines);
    }

    private static string Source(JsonElement e) => e.TryGetProperty("SourceContext", out var s) ? s.GetString() ?? "" : "";

    /// <summary>
    /// Holds the first cycle until the cron trigger has come due while it ran and Quartz holds that trigger back as
    /// Blocked; were the job allowed to run concurrently, the trigger would have fired a second cycle instead.
    /// </summary>
    private static async Task HoldUntilScheduleComesDueBlockedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var trigger = await scheduler.GetTrigger(SyncJob.ScheduleKey, cancellationToken);
            var state = await scheduler.GetTriggerState(SyncJob.ScheduleKey, cancellationToken);
            if (state == TriggerState.Blocked && trigger?.NextFireTimeUtc < TimeProvider.System.GetUtcNow())
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }

        throw new InvalidOperationException("the schedule trigger never came due blocked behind the running cycle");
    }
}
