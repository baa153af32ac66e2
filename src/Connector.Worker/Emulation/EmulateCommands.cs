using System.CommandLine;
using System.Globalization;
using Connector.Dataverse.Solution;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Solutions;
using Connector.Emulators.Graph;
using Connector.Worker.Cli;
using Connector.Worker.Solution;

namespace Connector.Worker.Emulation;

/// <summary>
/// <c>connector emulate dataverse --urls http://127.0.0.1:PORT</c>: the loopback Dataverse Web API the tests and the
/// demo use, run on its own so an admin can point <c>Dataverse:Url</c> at it and try the connector without an
/// environment. It prints what it enforces and serves until Ctrl+C.
/// </summary>
public static class EmulateCommands
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new Command("emulate", "Run a loopback emulator of a remote service")
        {
            Dataverse(cli),
            Graph(cli),
        };
    }

    private static Command Dataverse(CliContext cli)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5180", HelpName = "URL" };
        var timeScale = TimeScale("Emulated seconds per real second (60: a 5-minute window lasts 5 s)");
        var latency = new Option<int>("--latency-ms")
        {
            Description = "Execution time of every request, emulated milliseconds",
            HelpName = "MS",
            DefaultValueFactory = _ => 0,
            CustomParser = static result => CommonOptions.ParseWholeNumber<int>(result, "--latency-ms"),
        };
        var recordCost = new Option<double>("--record-cost-ms")
        {
            Description = "Execution time each record adds to its request, emulated milliseconds",
            HelpName = "MS",
            DefaultValueFactory = _ => 0,
            CustomParser = static result => CommonOptions.ParseNumber(result, "--record-cost-ms"),
        };
        var readCost = new Option<double?>("--read-cost-ms")
        {
            Description = "Execution time each record a read returns adds, emulated milliseconds (default: as --record-cost-ms)",
            HelpName = "MS",
            CustomParser = static result => CommonOptions.ParseNumber(result, "--read-cost-ms"),
        };
        var requestsPerWindow = new Option<int>("--requests-per-window")
        {
            Description = "Service protection: requests per caller per 5-minute window (documented 6000; environments differ, e.g. 8000), named in the 429 message",
            HelpName = "N",
            DefaultValueFactory = _ => 6000,
            CustomParser = static result => CommonOptions.ParseWholeNumber<int>(result, "--requests-per-window", minimum: 1),
        };
        var noLimits = new Option<bool>("--no-limits") { Description = "Turn service protection off" };
        var withSolution = new Option<bool>("--import-solution") { Description = "Import solution-package/ at start, as an admin would before the first sync" };
        var command = new Command("dataverse", "The Dataverse Web API (v9.2) on loopback: tables, keys, $batch, bulk messages, change tracking, service protection")
        {
            urls, timeScale, latency, recordCost, readCost, requestsPerWindow, noLimits, withSolution,
        };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (run.GetValue(timeScale) <= 0 || run.GetValue(latency) < 0 || run.GetValue(recordCost) < 0)
            {
                await run.Error.WriteLineAsync("emulate dataverse: --time-scale must be greater than 0, --latency-ms and --record-cost-ms at least 0".AsMemory(), cancellationToken);
                return ExitCodes.BadUsage;
            }

            var options = new DataverseEmulatorOptions
            {
                Urls = run.GetValue(urls),
                TimeScale = run.GetValue(timeScale),
                Latency = TimeSpan.FromMilliseconds(run.GetValue(latency)),
                PerRecordCost = TimeSpan.FromMilliseconds(run.GetValue(recordCost)),
                PerRecordReadCost = run.GetValue(readCost) is { } read ? TimeSpan.FromMilliseconds(read) : null,
                TimeProvider = run.Time,
            };
            options.Limits.Enabled = !run.GetValue(noLimits);
            options.Limits.RequestsPerWindow = run.GetValue(requestsPerWindow);
            await using var emulator = await DataverseEmulator.StartAsync(options, cancellationToken);
            if (run.GetValue(withSolution) && !await ImportSolutionAsync(run, emulator, cancellationToken))
            {
                return ExitCodes.UserMustAct;
            }

            await run.Output.WriteLineAsync($"Dataverse emulator listening on {emulator.ApiUrl}".AsMemory(), cancellationToken);
            await run.Output.WriteLineAsync(emulator.Describe().AsMemory(), cancellationToken);
            await run.Output.WriteLineAsync("Any bearer token is accepted; Ctrl+C stops.".AsMemory(), cancellationToken);
            await run.Output.FlushAsync(cancellationToken);
            await emulator.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Graph(CliContext cli)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5181", HelpName = "URL" };
        var timeScale = TimeScale("Emulated seconds per real second (60: a 10-minute window lasts 10 s)");
        var users = new Option<string[]>("--user") { Description = "A mailbox that exists (repeat; collectors' ids or addresses)", AllowMultipleArgumentsPerToken = true, HelpName = "ID" };
        var noLimits = new Option<bool>("--no-limits") { Description = "Turn mailbox throttling off" };
        var command = new Command("graph", "Microsoft Graph on loopback: To Do lists and tasks (delta, linkedResources), sendMail, JSON $batch, per-mailbox throttling")
        {
            urls, timeScale, users, noLimits,
        };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (run.GetValue(timeScale) <= 0)
            {
                await run.Error.WriteLineAsync("emulate graph: --time-scale must be greater than 0".AsMemory(), cancellationToken);
                return ExitCodes.BadUsage;
            }

            var options = new GraphEmulatorOptions { Urls = run.GetValue(urls), TimeScale = run.GetValue(timeScale), TimeProvider = run.Time };
            options.Limits.Enabled = !run.GetValue(noLimits);
            foreach (var user in run.GetValue(users) ?? [])
            {
                options.Users.Add(user);
            }

            await using var emulator = await GraphEmulator.StartAsync(options, cancellationToken);
            await run.Output.WriteLineAsync($"Graph emulator listening on {emulator.ApiUrl}".AsMemory(), cancellationToken);
            await run.Output.WriteLineAsync(emulator.Describe().AsMemory(), cancellationToken);
            await run.Output.WriteLineAsync("Any bearer token is accepted; Ctrl+C stops.".AsMemory(), cancellationToken);
            await run.Output.FlushAsync(cancellationToken);
            await emulator.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<double> TimeScale(string description) => new("--time-scale")
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => 1,
        CustomParser = static result => CommonOptions.ParseNumber(result, "--time-scale"),
    };

    /// <summary>Imports <c>solution-package/</c> as ImportSolution would (the demo and the crash tests start the same way).</summary>
    internal static async Task<bool> ImportSolutionAsync(CommandRun run, DataverseEmulator emulator, CancellationToken cancellationToken)
    {
        if (SolutionFolder.Locate(null) is not { } folder)
        {
            await run.Error.WriteLineAsync($"no '{SolutionPackage.FolderName}' folder found above '{Environment.CurrentDirectory}' to import".AsMemory(), cancellationToken);
            return false;
        }

        using var zip = new MemoryStream();
        try
        {
            await SolutionPacker.PackAsync(folder, zip, cancellationToken);
        }
        catch (SolutionPackageException e)
        {
            await run.Error.WriteLineAsync(e.Message.AsMemory(), cancellationToken);
            return false;
        }

        zip.Position = 0;
        var content = SolutionImporter.Read(zip);
        emulator.Environment.Import(content);
        await run.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Imported solution {content.UniqueName} {content.Version}: {content.Tables.Count} tables, {content.Rows.Count} components (views, forms, charts, dashboards, roles, web resources, apps, site maps, environment variables)").AsMemory(), cancellationToken);
        return true;
    }
}
