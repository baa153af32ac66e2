using System.Diagnostics;

namespace Connector.Benchmarks.Runs;

/// <summary>Runs a database's own command-line tool as a real process, for the bulk-load baselines.</summary>
internal static class ExternalProcess
{
    /// <summary>Runs <paramref name="program"/> to completion; returns its wall time and output, or throws with its output when it fails.</summary>
    public static async Task<(TimeSpan Elapsed, string Output)> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        var text = ((await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false))).Trim();
        return process.ExitCode == 0
            ? (elapsed, text)
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {text}");
    }
}
