using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Running;

/// <summary>
/// What an admin reads on the console (stderr) of the real <c>connector run</c> process, at its default level
/// (Information), syncing the sample company into the Dataverse emulator.
/// </summary>
[Collection(RealProcessCollection.Name)]
public sealed partial class RunConsoleTests
{
    /// <summary>Never due while the test runs: only the run at start happens.</summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    [Fact]
    public async Task Run_OneCycle_EveryConsoleLineOfTheCycleCarriesItsRunIdAndReadsAsText()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        workspace.UseDataverse(dataverse.Url);
        var settings = JsonNode.Parse(File.ReadAllText(workspace.ConfigFile))!.AsObject();
        settings["Schedules"] = new JsonObject { ["Sync"] = Never };
        settings["Log"] = new JsonObject { ["Directory"] = Path.Combine(workspace.Root, "logs") };
        File.WriteAllText(workspace.ConfigFile, settings.ToJsonString());

        var lines = await RunUntilTheFirstSummaryAsync(workspace);

        var start = lines.FindIndex(static l => l.Contains(" Sync run started at start-up", StringComparison.Ordinal));
        var end = lines.FindIndex(static l => l.Contains(" Sync run completed in ", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, string.Join('\n', lines));
        var runId = StartLine().Match(lines[start]).Groups["id"].Value;
        Assert.Matches("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$", runId);
        var instance = StartLine().Match(lines[start]).Groups["instance"].Value;
        Assert.Matches("^.+-[0-9]+$", instance); // Quartz:InstanceId 'auto': the machine and the process id

        // Every log line names the instance first (several instances may write to one collector), the cycle's lines then the run id.
        Assert.All(lines.Where(static l => l.StartsWith('[')), line => Assert.StartsWith(instance + " ", line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..], StringComparison.Ordinal));
        var cycle = lines[start..(end + 1)];
        Assert.All(cycle, line => Assert.StartsWith(instance + " " + runId + " ", line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..], StringComparison.Ordinal));

        // Lines of other classes inside the cycle carry it too: the ingest's, the Dataverse client's.
        Assert.Contains(cycle, static l => l.Contains("] ", StringComparison.Ordinal) && l.Contains(" Ingested customers: read 240, new 240,", StringComparison.Ordinal));
        Assert.Contains(cycle, static l => l.Contains(" Dataverse table account supports UpsertMultiple", StringComparison.Ordinal));

        // Nothing a person cannot read: no unfilled {Hole}, no stack frame, no scheduler internals, no line per HTTP attempt.
        Assert.DoesNotContain(lines, static l => UnfilledHole().IsMatch(l) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, static l => l.Contains("Quartz", StringComparison.Ordinal) || l.Contains("MT_", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, static l => l.Contains("Execution attempt", StringComparison.Ordinal) || l.Contains("HTTP request", StringComparison.Ordinal));
    }

    /// <summary>Starts <c>connector run</c>, collects its stderr until the first cycle's summary line, then ends it.</summary>
    private static async Task<List<string>> RunUntilTheFirstSummaryAsync(Workspace workspace)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workspace.Root };
        foreach (var arg in new[] { ConnectorProcessTests.ConnectorDll(), "run", "--config", workspace.ConfigFile })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        var lines = new ConcurrentQueue<string>();
        var summary = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lines.Enqueue(e.Data);
            if (e.Data.Contains(" Sync run completed in ", StringComparison.Ordinal))
            {
                summary.TrySetResult();
            }
        };
        process.OutputDataReceived += static (_, _) => { };
        try
        {
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await Task.WhenAny(summary.Task, process.WaitForExitAsync(timeout.Token));
            Assert.True(summary.Task.IsCompleted, $"the worker ended (exit {(process.HasExited ? process.ExitCode : -1)}) before a cycle completed:\n{string.Join('\n', lines)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return [.. lines];
    }

    [GeneratedRegex(@"\] (?<instance>\S+) (?<id>\S+) Sync run started")]
    private static partial Regex StartLine();

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex UnfilledHole();
}
