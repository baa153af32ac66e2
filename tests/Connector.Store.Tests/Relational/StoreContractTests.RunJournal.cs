using Connector.Store.Relational;
using Connector.Sync.Runs;

namespace Connector.Store.Tests.Relational;

/// <summary>The run journal (<see cref="Connector.Sync.Ports.IRunJournalStore"/>): started, ended, listed; an unfinished run closed by the next.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task BeginRunAsync_ThenEndRunAsync_ListsTheRunWithItsOutcomeAndCounts()
    {
        var started = Run("20250314-093000-aaaa", "app-01", Start);

        Assert.Empty(await Store.BeginRunAsync(started, CancellationToken.None));
        Assert.Equal([started], await Store.ListRunsAsync(10, CancellationToken.None));
        var ended = started with { EndedAt = Start.AddSeconds(42.5), Outcome = RunOutcome.Succeeded, Counts = new RunCounts(13_357, 3, 240, 99, 4_071, 2) };
        await Store.EndRunAsync(ended, CancellationToken.None);

        Assert.Equal([ended], await Store.ListRunsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task BeginRunAsync_AnUnfinishedRunBefore_ClosesItAsInterruptedAtTheNewStart()
    {
        var dead = Run("20250314-093000-aaaa", "app-01", Start);
        await Store.BeginRunAsync(dead, CancellationToken.None);
        var next = Run("20250314-093100-bbbb", "app-02", Start.AddMinutes(1)) with { Trigger = "recovery" };

        var interrupted = await Store.BeginRunAsync(next, CancellationToken.None);

        var closed = dead with
        {
            EndedAt = next.StartedAt,
            Outcome = RunOutcome.Interrupted,
            Detail = "its instance stopped mid-cycle; run 20250314-093100-bbbb on app-02 took over",
        };
        Assert.Equal([closed], interrupted);
        Assert.Equal([closed, next], await Store.ListRunsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task ListRunsAsync_MoreThanTheLimit_TheLatestOldestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            var run = Run($"20250314-09300{i}-aaaa", "app-01", Start.AddSeconds(i));
            await Store.BeginRunAsync(run, CancellationToken.None);
            await Store.EndRunAsync(run with { EndedAt = run.StartedAt.AddMilliseconds(500), Outcome = RunOutcome.Succeeded }, CancellationToken.None);
        }

        var latest = await Store.ListRunsAsync(2, CancellationToken.None);

        Assert.Equal(["20250314-093003-aaaa", "20250314-093004-aaaa"], latest.Select(static r => r.RunId));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseOfTheFifthRelease_AddsTheRunJournal()
    {
        var fresh = await CreateDatabaseAsync();
        await using var old = (RelationalConnectorStore)OpenStore(fresh, Time);
        await old.MigrateToAsync(5, CancellationToken.None);

        await using var upgraded = OpenStore(fresh, Time);
        await upgraded.MigrateAsync(CancellationToken.None);

        Assert.Equal(0, await ScalarAsync(fresh, "SELECT COUNT(*) FROM run_journal"));
        Assert.Empty(await upgraded.ListRunsAsync(10, CancellationToken.None));
    }

    private static RunRecord Run(string runId, string instance, DateTimeOffset startedAt) =>
        new(runId, instance, "schedule", startedAt, null, RunOutcome.Running, RunCounts.None);
}
