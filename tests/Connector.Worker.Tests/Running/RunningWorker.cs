using System.Text.Json.Nodes;
using Connector.Sync.Ports;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Tests.Running;

/// <summary>
/// <c>connector run</c> started in-process on a workspace holding the sample company's ERP export, with
/// <see cref="RecordingDataverse"/> in place of Dataverse, its JSON log in the workspace, stopped as Ctrl+C stops it.
/// </summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    private readonly Workspace workspace = new();
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    private RunningWorker(
        string cron, Action<RecordingDataverse, IServiceProvider>? setup, Uri? dataverseUrl, Action<JsonObject>? configure = null, Action<IServiceCollection>? services = null)
    {
        workspace.DropSampleExport();
        var settings = JsonNode.Parse(File.ReadAllText(workspace.ConfigFile))!.AsObject();
        settings["Schedules"] = new JsonObject { ["Sync"] = cron };
        settings[Connector.Worker.Running.LogFileOptions.SectionName] = new JsonObject { ["Directory"] = LogDirectory };

        // A real Dataverse (the emulator) when given; else the stand-in, behind settings that pass validation.
        settings[Connector.Dataverse.Configuration.DataverseOptions.SectionName] = new JsonObject { ["Url"] = (dataverseUrl ?? new Uri("http://127.0.0.1:9/")).ToString(), ["AccessToken"] = "worker-test-token" };
        configure?.Invoke(settings);
        File.WriteAllText(workspace.ConfigFile, settings.ToJsonString());
        Log = new WorkerLog(LogDirectory);
        Exit = ConnectorApp.RunAsync(
            ["run", "--config", workspace.ConfigFile],
            output,
            error,
            dataverseUrl is not null ? services : all =>
            {
                all.AddSingleton<IDataverse>(provider =>
                {
                    setup?.Invoke(Dataverse, provider);
                    return Dataverse;
                });
                services?.Invoke(all);
            },
            cancellationToken: stop.Token);
    }

    public RecordingDataverse Dataverse { get; } = new();

    public WorkerLog Log { get; }

    public Task<int> Exit { get; }

    public string Error => error.ToString();

    /// <summary>The worker's settings file, for running other commands against the same store.</summary>
    public string ConfigFile => workspace.ConfigFile;

    private string LogDirectory => Path.Combine(workspace.Root, "logs");

    /// <summary>Starts the worker; <paramref name="setup"/> may hook the Dataverse stand-in (it gets the worker's services).</summary>
    public static RunningWorker Start(string cron, Action<RecordingDataverse, IServiceProvider>? setup = null) => new(cron, setup, null);

    /// <summary>Starts the worker with extra settings (e.g. the <c>Webhook</c> section) written into its config file.</summary>
    public static RunningWorker StartWith(string cron, Action<JsonObject> configure) => new(cron, null, null, configure);

    /// <summary>Starts the worker against a real Dataverse Web API at <paramref name="url"/> (the emulator), with a static token.</summary>
    public static RunningWorker StartAgainst(Uri url, string cron) => new(cron, null, url);

    /// <summary>Starts the worker against the Dataverse emulator at <paramref name="url"/> with extra settings written into its config file.</summary>
    public static RunningWorker StartAgainst(Uri url, string cron, Action<JsonObject> configure) => new(cron, null, url, configure);

    /// <summary>Starts the worker against the Dataverse emulator with extra settings and services (an in-memory telemetry exporter).</summary>
    public static RunningWorker StartAgainst(Uri url, string cron, Action<JsonObject> configure, Action<IServiceCollection> services) =>
        new(cron, null, url, configure, services);

    /// <summary>Ctrl+C, then the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await stop.CancelAsync();
        return await Exit.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exit.IsCompleted)
        {
            await stop.CancelAsync();
            await Exit.WaitAsync(TimeSpan.FromSeconds(30));
        }

        stop.Dispose();
        await output.DisposeAsync();
        await error.DisposeAsync();
        workspace.Dispose();
    }
}
