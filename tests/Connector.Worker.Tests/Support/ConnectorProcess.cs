using System.Diagnostics;

namespace Connector.Worker.Tests.Support;

/// <summary>The real <c>connector</c> executable as a child process over a workspace: started, waited for with a limit, killed.</summary>
internal sealed class ConnectorProcess : IDisposable
{
    private readonly Process process;
    private readonly Task<string> stdout;
    private readonly Task<string> stderr;

    private ConnectorProcess(Process process)
    {
        this.process = process;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL (on Linux) for the process and its children, waited for: nothing of it runs on after this returns.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>What it wrote to stdout and stderr, once it has exited.</summary>
    public async Task<string> OutputAsync() => await stdout + await stderr;

    /// <summary>The process id (what the connector names itself by in the store, with the machine name).</summary>
    public int Id => process.Id;

    /// <summary>Sends SIGTERM, as systemd's stop or <c>kill</c> does (<c>dotnet connector.dll</c> runs in the dotnet process itself).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>
    /// Starts <c>dotnet connector.dll ARGS --config WORKSPACE</c>; <paramref name="environment"/> adds variables
    /// (<c>Ingest__BatchSize</c>); <paramref name="wrapper"/> runs it under another program (<c>setpriv …</c>).
    /// </summary>
    public static ConnectorProcess Start(Workspace workspace, string[] args, IReadOnlyDictionary<string, string>? environment = null, string[]? wrapper = null)
    {
        string[] command = [.. wrapper ?? [], "dotnet", ConnectorProcessTests.ConnectorDll(), .. args, "--config", workspace.ConfigFile];
        return Start(command, workspace, environment);
    }

    /// <summary>Starts a published <c>connector</c> executable (no <c>dotnet</c> in front): <c>EXECUTABLE ARGS --config WORKSPACE</c>.</summary>
    public static ConnectorProcess StartPublished(string executable, Workspace workspace, string[] args) =>
        Start([executable, .. args, "--config", workspace.ConfigFile], workspace, null);

    private static ConnectorProcess Start(string[] command, Workspace workspace, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workspace.Root };
        foreach (var arg in command[1..])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ConnectorProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the process; one still running after <paramref name="limit"/> is killed and fails the test (it hung).</summary>
    public async Task<CliResult> ExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"connector was still running after {limit.TotalSeconds:0} s and was killed; stderr: {await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
