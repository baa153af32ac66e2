using System.Text.RegularExpressions;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task RunAsync_UnexpectedFailure_OneLineNamingTheCommandAndTheFileWithTheDetailsExitOne()
    {
        var result = await InProcess.RunAsync(
            services => services.AddSingleton<TimeProvider>(_ => throw new InvalidOperationException("the clock is broken")),
            "report", "aging", "--from", Fixtures.Good);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        var line = Assert.Single(result.ErrorLines);
        var match = Regex.Match(line, @"^connector report aging: failed: the clock is broken \(details in (?<file>.+)\)$");
        Assert.True(match.Success, line);
        var details = match.Groups["file"].Value;
        try
        {
            var text = await File.ReadAllTextAsync(details);
            Assert.Contains("connector report aging --from", text, StringComparison.Ordinal);
            Assert.Contains("System.InvalidOperationException: the clock is broken", text, StringComparison.Ordinal);
            Assert.Contains(" at ", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(details);
        }
    }

    [Fact]
    public async Task RunAsync_StoppedBeforeItFinished_OneLineAndExit130()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        // The command gives up where it next looks at the token (here: the first service it resolves).
        var exitCode = await ConnectorApp.RunAsync(
            ["report", "aging", "--from", Fixtures.Good],
            output,
            error,
            services => services.AddSingleton<TimeProvider>(_ => throw new OperationCanceledException(stop.Token)),
            cancellationToken: stop.Token);

        Assert.Equal(130, exitCode);
        Assert.Equal("connector report aging: stopped before it finished (Ctrl+C or SIGTERM)", error.ToString().Trim());
    }

    [Fact]
    public async Task RunAsync_ConfigFileMissing_ExitsTwo()
    {
        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--config", "/no/such.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["connector: --config: file not found: '/no/such.json'"], result.ErrorLines);
    }
}
