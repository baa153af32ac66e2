using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;

namespace Connector.Emulators.Tests.Dataverse.Protection;

public sealed class DataverseFrontDoorTests
{
    [Fact]
    public void Describe_DocumentedDefaults_StatesLimitsRealTimeAndDopHint()
    {
        var text = string.Join('\n', DataverseFrontDoor.Describe(new DataverseEmulatorOptions()));

        Assert.Contains("300 s sliding window: 6000 requests, 1,200,000 ms combined execution time, 52 concurrent", text, StringComparison.Ordinal);
        Assert.Contains("0x80072322, 0x80072321, 0x80072326", text, StringComparison.Ordinal);
        Assert.Contains("Time scale: real time; Retry-After in whole seconds.", text, StringComparison.Ordinal);
        Assert.Contains("x-ms-dop-hint: 16.", text, StringComparison.Ordinal);
        Assert.Contains("Faults: none.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ScaledWithCostsAndFaults_StatesThem()
    {
        var options = new DataverseEmulatorOptions
        {
            TimeScale = 60,
            Latency = TimeSpan.FromMilliseconds(50),
            PerRecordCost = TimeSpan.FromMilliseconds(2),
            Faults = { ThrottleRate = 0.01, UnavailableRate = 0.005, TimeoutRate = 0.001, Seed = 9 },
        };

        var text = string.Join('\n', DataverseFrontDoor.Describe(options));

        Assert.Contains("60 emulated seconds per real second (the window lasts 5 s real); Retry-After in fractional real seconds", text, StringComparison.Ordinal);
        Assert.Contains("50 ms latency + 2 ms per record", text, StringComparison.Ordinal);
        Assert.Contains("Faults (seed 9): 429 1%, 503 0.5%, answer held 30 s real 0.1% of requests.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_LimitsDisabled_SaysOff()
    {
        var options = new DataverseEmulatorOptions();
        options.Limits.Enabled = false;

        Assert.Contains("Service protection: off.", DataverseFrontDoor.Describe(options));
    }

    [Fact]
    public void ExecutionTimeOf_LatencyPlusPerRecordCost()
    {
        var frontDoor = new DataverseFrontDoor(new DataverseEmulatorOptions { Latency = TimeSpan.FromMilliseconds(100), PerRecordCost = TimeSpan.FromMilliseconds(5) });

        Assert.Equal(TimeSpan.FromMilliseconds(600), frontDoor.ExecutionTimeOf(100));
    }

    [Fact]
    public void ExecutionTimeOf_ReadCostSet_RowsReadCostTheReadRate()
    {
        var frontDoor = new DataverseFrontDoor(new DataverseEmulatorOptions
        {
            Latency = TimeSpan.FromMilliseconds(100),
            PerRecordCost = TimeSpan.FromMilliseconds(2),
            PerRecordReadCost = TimeSpan.FromMilliseconds(0.2),
        });

        Assert.Equal(TimeSpan.FromMilliseconds(100 + 20 + 1000), frontDoor.ExecutionTimeOf(10, 5000));
    }

    [Fact]
    public void ExecutionTimeOf_NoReadCost_RowsReadCostLikeRowsWritten()
    {
        var frontDoor = new DataverseFrontDoor(new DataverseEmulatorOptions { PerRecordCost = TimeSpan.FromMilliseconds(2) });

        Assert.Equal(TimeSpan.FromMilliseconds(10), frontDoor.ExecutionTimeOf(0, 5));
    }
}
