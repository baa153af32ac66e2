using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Demo;

public class DemoHoldsCreditCashTests
{
    [Fact]
    public async Task Run_OnRealSamples_ShowsHoldsOrdersAndCashApplication()
    {
        var result = await InProcess.RunAsync("demo", "--samples", Samples.Folder);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Credit holds (81 of 240 customers)", result.Output, StringComparison.Ordinal);
        Assert.Contains("is on credit hold — ", result.Output, StringComparison.Ordinal);
        Assert.Contains("│ Approved ", result.Output, StringComparison.Ordinal);
        Assert.Contains("│ Held ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Order blocked: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Cash application (connector cash apply)", result.Output, StringComparison.Ordinal);
        Assert.Contains("match rate by amount", result.Output, StringComparison.Ordinal);
        Assert.Contains("applications by the reference rule", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OnSmallFixture_ShowsTheHeldCustomerBlocked()
    {
        var result = await InProcess.RunAsync("demo", "--samples", Fixtures.Good);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Credit holds (3 of 5 customers)", result.Output, StringComparison.Ordinal);
        Assert.Contains("allowed (exit 0)", result.Output, StringComparison.Ordinal);
        Assert.Contains("blocked (exit 3)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Order blocked: Beta GmbH, Berlin is on credit hold", result.Output, StringComparison.Ordinal);
    }
}
