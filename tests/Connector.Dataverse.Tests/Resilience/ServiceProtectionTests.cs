using Connector.Dataverse.Requests;
using Connector.Dataverse.Tests.Support;
using Connector.Dataverse.WebApi;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;

namespace Connector.Dataverse.Tests.Resilience;

/// <summary>The client against the emulator's service protection: what Dataverse documents, not what we assume.</summary>
public sealed class ServiceProtectionTests
{
    [Fact]
    public async Task SendAsync_RequestsPerWindowExceeded_WaitsOutRetryAfterAndEveryCallSucceeds()
    {
        var options = new DataverseEmulatorOptions { TimeScale = 600 }; // a 60 s window lasts 0.1 s
        options.Limits.Window = TimeSpan.FromSeconds(60);
        options.Limits.RequestsPerWindow = 3;
        await using var emulator = await FrontDoorHost.StartAsync(options);
        await using var host = DataverseTestHost.Create(emulator.Url, new Dictionary<string, string?> { ["MaxRetries"] = "8" });

        var counter = new RequestCounter();
        for (var i = 0; i < 8; i++)
        {
            await host.Client.SendAsync(new WhoAmIRequest(), counter, CancellationToken.None);
        }

        var stats = emulator.FrontDoor.Stats;
        Assert.True(stats.ThrottledByCode.GetValueOrDefault(ProtectionErrorCodes.RequestsExceeded) > 0, "the window limit was never reached");
        Assert.Equal(8 + stats.Throttled, counter.Count);
        Assert.Contains(host.Logs.Lines, line => line.Contains("Dataverse GET /api/data/v9.2/WhoAmI failed: 429 Too Many Requests (attempt 1 of ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_ParallelAfterTheDopHintIsKnown_StaysWithinItAndIsNeverThrottledForConcurrency()
    {
        var options = new DataverseEmulatorOptions { DegreeOfParallelismHint = 3, Latency = TimeSpan.FromMilliseconds(30) };
        options.Limits.ConcurrentRequests = 3;
        await using var emulator = await FrontDoorHost.StartAsync(options);
        await using var host = DataverseTestHost.Create(emulator.Url, new Dictionary<string, string?> { ["MaxRetries"] = "0" });

        var first = await host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None)));

        Assert.Equal(3, first.RecommendedDegreeOfParallelism);
        Assert.Equal(3, host.Concurrency.Ceiling);
        Assert.Equal(0, emulator.FrontDoor.Stats.Throttled);
        Assert.Equal(13, emulator.FrontDoor.Stats.Admitted);
    }

    [Fact]
    public async Task SendAsync_ConcurrencyLimitBelowTheHint_HalvesParallelismAndRetriesToSuccess()
    {
        var options = new DataverseEmulatorOptions { DegreeOfParallelismHint = 16, Latency = TimeSpan.FromMilliseconds(500), TimeScale = 10 };
        options.Limits.ConcurrentRequests = 2;
        await using var emulator = await FrontDoorHost.StartAsync(options);
        await using var host = DataverseTestHost.Create(emulator.Url, new Dictionary<string, string?> { ["MaxRetries"] = "10" });
        await host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None)));

        Assert.True(emulator.FrontDoor.Stats.ThrottledByCode.GetValueOrDefault(ProtectionErrorCodes.ConcurrencyExceeded) > 0, "the concurrency limit was never hit");
        Assert.True(host.Concurrency.Limit < 16, $"limit stayed at {host.Concurrency.Limit}");
        Assert.Equal(11, emulator.FrontDoor.Stats.Admitted);
    }

    [Fact]
    public async Task SendAsync_OneRequestThrottled_EveryOtherRequestOfTheCallerWaitsOutItsRetryAfterInsteadOfEarningMore429s()
    {
        var options = new DataverseEmulatorOptions { TimeScale = 60 }; // a 60 s window lasts 1 s
        options.Limits.Window = TimeSpan.FromSeconds(60);
        options.Limits.RequestsPerWindow = 5;
        await using var emulator = await FrontDoorHost.StartAsync(options);
        await using var host = DataverseTestHost.Create(emulator.Url, new Dictionary<string, string?> { ["MaxRetries"] = "5" });
        for (var i = 0; i < 5; i++)
        {
            await host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);
        }

        // The sixth exceeds the window: 429 with Retry-After. Once the client has read it (not merely once the service
        // counted it: the answer may still be on its way), three other workers of the same caller send.
        var throttled = host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);
        for (var waited = 0; host.Concurrency.Pauses == 0 && waited < 2_000; waited++)
        {
            await Task.Delay(5);
        }

        Assert.Equal(1, emulator.FrontDoor.Stats.Throttled);
        var others = Enumerable.Range(0, 3).Select(_ => host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None)).ToList();
        await Task.WhenAll([throttled, .. others]);

        Assert.Equal(1, emulator.FrontDoor.Stats.Throttled);
        Assert.Equal(9, emulator.FrontDoor.Stats.Admitted);
        Assert.Equal(1, host.Concurrency.Pauses);
        Assert.True(host.Concurrency.HeldByPause >= 3, $"{host.Concurrency.HeldByPause} requests waited for the pause");
    }
}
