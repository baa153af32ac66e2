using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests;

public class ConnectorAppTests
{
    [Fact]
    public async Task RunAsync_NoCommand_ShowsTheCommandsOnStderrAndExitsTwo()
    {
        var result = await InProcess.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("Usage:", result.Error, StringComparison.Ordinal);
        Assert.Contains("demo", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageToStdoutAndExitsZero()
    {
        var result = await InProcess.RunAsync("report", "aging", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--from", result.Output, StringComparison.Ordinal);
        Assert.Contains("--as-of", result.Output, StringComparison.Ordinal);
        Assert.Contains("--format", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConfigFileMissing_ExitsTwo()
    {
        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--config", "/no/such.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["connector: --config: file not found: '/no/such.json'"], result.ErrorLines);
    }
}
