using Connector.Dataverse.Solution;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Solutions;
using Connector.Worker.Solution;

namespace Connector.Worker.Tests.Running;

/// <summary><c>connector run</c> against the Dataverse emulator over loopback HTTP, with the real Web API client.</summary>
public sealed class RunCommandEndToEndTests : IAsyncLifetime
{
    private DataverseEmulator emulator = null!;

    public async Task InitializeAsync()
    {
        emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), CancellationToken.None);
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(SolutionFolder.Locate(null)!, zip, CancellationToken.None);
        zip.Position = 0;
        emulator.Environment.Import(SolutionImporter.Read(zip).Tables);
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Run_AgainstTheEmulator_PushesTheAccountsAndLogsOneRunIdThroughTheCycle()
    {
        await using var worker = RunningWorker.StartAgainst(emulator.BaseAddress, "* * * * * ?");

        var events = await worker.Log.WaitForAsync(static e => e.Any(WorkerLog.IsSummary), worker.Exit);
        Assert.Equal(0, await worker.StopAsync());

        var summary = events.First(WorkerLog.IsSummary);
        var runId = WorkerLog.RunId(summary);
        Assert.Equal(runId, WorkerLog.RunId(events.First(WorkerLog.IsStart)));
        Assert.Equal(0, summary.GetProperty("Refused").GetInt32());
        var sent = summary.GetProperty("Sent").GetInt32();
        Assert.True(sent > 0);
        var accounts = emulator.Environment.Count("account");
        Assert.True(accounts > 0);
        Assert.True(sent >= accounts, $"{sent} records sent, {accounts} accounts in Dataverse");
        Assert.DoesNotContain(events, static e => e.GetRawText().Contains("worker-test-token", StringComparison.Ordinal));
    }
}
