using System.Diagnostics;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests;

/// <summary>The real executable, started as a process: exit code, stdout and stderr as a script sees them.</summary>
public sealed class ConnectorProcessTests
{
    [Fact]
    public async Task Connector_ReportAgingCsv_ExitsZeroWithCsvOnStdoutAndWarningsOnStderr()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { ConnectorDll(), "report", "aging", "--from", Fixtures.Good, "--as-of", "2026-06-30", "--format", "csv" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("customer_id,current,d1_30,", lines[0], StringComparison.Ordinal);
        Assert.Equal("TOTAL,1000.00,2200.50,1500.25,1320.00,700.00,11000.00,17720.75,16720.75,1500.25,400.00,17320.75,122", lines[^1]);
        Assert.Contains("warning: left out of TOTAL: customer C5", await stderr, StringComparison.Ordinal);
    }

    /// <summary>connector.dll in the Worker's own output folder, same configuration as this test build.</summary>
    internal static string ConnectorDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Connector.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "Connector.Worker", "bin", configuration, framework, "connector.dll");
        Assert.True(File.Exists(dll), $"build the Worker first: {dll} not found");
        return dll;
    }
}
