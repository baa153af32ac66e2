using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests;

public class ConnectorAppTests
{
    [Fact]
    public async Task RunAsync_NoCommand_ExitsTwo()
    {
        var result = await InProcess.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["connector: Required command was not provided."], result.ErrorLines);
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
