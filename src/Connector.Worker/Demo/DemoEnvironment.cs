using Connector.Dataverse.Requests;
using Connector.Dataverse.Solution;
using Connector.Dataverse.WebApi;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Graph;
using Connector.Worker.Cli;
using Connector.Worker.Solution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Worker.Demo;

/// <summary>
/// Where the demo runs the product: a temporary folder with the ERP drop folder and the SQLite store, the Dataverse and
/// Graph emulators on loopback, and a host composed exactly as <c>connector sync --once</c>'s is, pointed at them by
/// settings layered over the configuration. Everything is stopped and removed afterwards.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    /// <summary>The shared mailbox dunning email goes out from.</summary>
    public const string SenderMailbox = "ar@sample-company.example";

    private readonly DirectoryInfo work;
    private IHost? host;

    private DemoEnvironment(DirectoryInfo work, DataverseEmulator dataverse, GraphEmulator graph)
    {
        this.work = work;
        Dataverse = dataverse;
        Graph = graph;
    }

    public DataverseEmulator Dataverse { get; }

    public GraphEmulator Graph { get; }

    public IServiceProvider Services => host!.Services;

    /// <summary>Starts everything; <c>null</c> after writing why (a folder missing, a setting refused).</summary>
    public static async Task<DemoEnvironment?> StartAsync(CommandRun run, SamplesFolder samples, CancellationToken cancellationToken)
    {
        var export = Path.Combine(samples.Path, DemoCommand.ExportFolderName);
        var mappings = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(samples.Path))!, "mappings");
        if (!Directory.Exists(mappings))
        {
            await run.Error.WriteLineAsync($"demo: needs {mappings} (the mappings that read {export})".AsMemory(), cancellationToken);
            return null;
        }

        if (SolutionFolder.Locate(null) is not { } solution)
        {
            await run.Error.WriteLineAsync($"demo: no '{SolutionPackage.FolderName}' folder found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}".AsMemory(), cancellationToken);
            return null;
        }

        var work = Directory.CreateTempSubdirectory("connector-demo-");
        var drop = Directory.CreateDirectory(Path.Combine(work.FullName, "erp-drop")).FullName;
        foreach (var file in Directory.GetFiles(export, "*.csv"))
        {
            File.Copy(file, Path.Combine(drop, Path.GetFileName(file)));
        }

        // The AR day starts at the bank: the sample company's statement of the day goes into the bank drop folder.
        var bankDrop = Directory.CreateDirectory(Path.Combine(work.FullName, "bank-drop")).FullName;
        var statements = Path.Combine(samples.Path, "bank", "demo");
        if (Directory.Exists(statements))
        {
            foreach (var file in Directory.GetFiles(statements, "*.xml"))
            {
                File.Copy(file, Path.Combine(bankDrop, Path.GetFileName(file)));
            }
        }

        var graphOptions = new GraphEmulatorOptions();
        graphOptions.Users.Add(SenderMailbox);
        var environment = new DemoEnvironment(
            work,
            await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), cancellationToken),
            await GraphEmulator.StartAsync(graphOptions, cancellationToken));
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Store:Provider"] = "sqlite",
                ["Store:ConnectionString"] = "",
                ["Store:DataDirectory"] = work.FullName,
                ["Erp:Kind"] = "csv",
                ["Erp:DropFolder"] = drop,
                ["Erp:FileSettleSeconds"] = "0",
                ["Erp:Writeback"] = "true",
                ["Bank:DropFolder"] = bankDrop,
                ["Bank:FileSettleSeconds"] = "0",
                ["Bank:Accounts:0"] = "4001234567",
                ["Bank:Accounts:1"] = "DE89370400440532013000",

                // The demo shows cash accepted by rule (off by default, decision 96): matches by reference or exact amount.
                ["CashApplication:AutoAccept:0"] = "Reference",
                ["CashApplication:AutoAccept:1"] = "ExactAmount",
                ["Erp:WritebackFolder"] = Path.Combine(work.FullName, "writeback"),
                ["Mappings:Directory"] = mappings,
                ["Dataverse:Url"] = environment.Dataverse.BaseAddress.ToString(),
                ["Dataverse:AccessToken"] = "demo-token",
                ["Dataverse:TenantId"] = "",
                ["Dataverse:ClientId"] = "",
                ["Dataverse:ClientSecret"] = "",
                ["Dataverse:CertificatePath"] = "",
                ["Graph:BaseUrl"] = environment.Graph.ApiUrl.ToString(),
                ["Graph:AccessToken"] = "demo-token",
                ["Graph:TenantId"] = "",
                ["Graph:ClientId"] = "",
                ["Graph:ClientSecret"] = "",
                ["Graph:CertificatePath"] = "",
                ["Dunning:SenderMailbox"] = SenderMailbox,
                ["Dunning:CompanyName"] = "Sample Company",
                ["Dunning:PayLinkPattern"] = "https://pay.sample-company.example/{customerId}?case={caseId}&amount={amount}&currency={currency}",
                ["Webhook:Urls"] = "",
            };
            if (samples.CompanyCurrency is { } currency)
            {
                settings["Company:Currency"] = currency;
            }

            environment.host = await run.BuildHostAsync(settings, cancellationToken);
            if (environment.host is null)
            {
                await environment.DisposeAsync();
                return null;
            }

            // As an admin does first: the solution goes into the environment (ImportSolution), then the connector syncs.
            using var zip = new MemoryStream();
            await SolutionPacker.PackAsync(solution, zip, cancellationToken);
            await environment.Services.GetRequiredService<DataverseClient>().SendAsync(new ImportSolutionRequest(zip.ToArray()), cancellationToken);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        host?.Dispose();
        await Dataverse.DisposeAsync();
        await Graph.DisposeAsync();

        // SQLite keeps pooled connections (and file handles) until the pool is cleared.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        work.Delete(recursive: true);
    }
}
