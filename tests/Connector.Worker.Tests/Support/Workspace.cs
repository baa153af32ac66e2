using System.Text.Json;

namespace Connector.Worker.Tests.Support;

/// <summary>
/// A temporary installation: its own data directory (SQLite ledger), ERP drop folder and a copy of the
/// shipped mappings, named in a settings file passed with <c>--config</c>, so commands run as an admin's would.
/// </summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Directory.CreateTempSubdirectory("connector-ws-").FullName;
        Directory.CreateDirectory(DropFolder);
        CopyFolder(Path.Combine(RepositoryRoot, "mappings"), MappingsFolder);
        WriteSettings();
    }

    private object? dataverse;
    private Dictionary<string, object?>? graph;
    private IReadOnlyDictionary<string, object>? sections;
    private readonly Dictionary<string, object> extraSections = [];
    private bool defaultSettleTime;

    public static string RepositoryRoot { get; } = Path.GetDirectoryName(Samples.Folder)!;

    public static string SampleExport => Path.Combine(Samples.Folder, "erp");

    public string Root { get; }

    public string DropFolder => Path.Combine(Root, "erp-drop");

    public string MappingsFolder => Path.Combine(Root, "mappings");

    public string ConfigFile => Path.Combine(Root, "settings.json");

    /// <summary>Copies the sample company's ERP export into the drop folder.</summary>
    public void DropSampleExport()
    {
        foreach (var file in Directory.GetFiles(SampleExport, "*.csv"))
        {
            File.Copy(file, Path.Combine(DropFolder, Path.GetFileName(file)));
        }
    }

    public void Drop(string name, string content) => File.WriteAllText(Path.Combine(DropFolder, name), content);

    /// <summary>Points the settings at a Dataverse Web API (an emulator), with a static token and the given push settings.</summary>
    public void UseDataverse(Uri url, int batchSize = 500, int maxRetries = 5, int maxParallelism = 52)
    {
        dataverse = new { Url = url.ToString(), AccessToken = "workspace-test-token", BatchSize = batchSize, MaxRetries = maxRetries, MaxParallelism = maxParallelism };
        WriteSettings();
    }

    /// <summary>
    /// Points the settings at a Graph API (an emulator's <c>…/v1.0/</c>) with a static token; with a sender mailbox the
    /// dunning email is sent too. <paramref name="extra"/> adds or overrides sections (<c>Collections</c>, <c>Dunning</c>).
    /// <paramref name="maxConcurrentPerMailbox"/> sets <c>Graph:MaxConcurrentPerMailbox</c> (1 makes each mailbox's requests one at a time).
    /// </summary>
    public void UseGraph(Uri apiUrl, string? senderMailbox = null, IReadOnlyDictionary<string, object>? extra = null, int? maxConcurrentPerMailbox = null)
    {
        graph = senderMailbox is null
            ? new Dictionary<string, object?> { ["BaseUrl"] = apiUrl.ToString(), ["AccessToken"] = "workspace-graph-token", ["MaxRetries"] = 3 }
            : new Dictionary<string, object?> { ["BaseUrl"] = apiUrl.ToString(), ["AccessToken"] = "workspace-graph-token", ["MaxRetries"] = 3, ["SenderMailbox"] = senderMailbox };
        if (maxConcurrentPerMailbox is { } max)
        {
            graph["MaxConcurrentPerMailbox"] = max;
        }

        sections = extra;
        WriteSettings();
    }

    /// <summary>Leaves <c>Erp:FileSettleSeconds</c> at the connector's default instead of 0.</summary>
    public void UseDefaultSettleTime()
    {
        defaultSettleTime = true;
        WriteSettings();
    }

    /// <summary>Adds or replaces a whole settings section (<c>Store</c> with a connection string, <c>Dataverse</c> with other credentials).</summary>
    public void UseSection(string name, object section)
    {
        extraSections[name] = section;
        WriteSettings();
    }

    /// <summary>Runs a command in-process with this workspace's settings.</summary>
    public Task<CliResult> RunAsync(params string[] args) => InProcess.RunAsync([.. args, "--config", ConfigFile]);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }

    private void WriteSettings()
    {
        var settings = new Dictionary<string, object>
        {
            ["Store"] = new { DataDirectory = Path.Combine(Root, "data") },
            // The tests drop whole files and ingest at once: no settle time (a file changing while it is read is still left alone).
            ["Erp"] = defaultSettleTime ? new { DropFolder } : (object)new { DropFolder, FileSettleSeconds = 0 },
            ["Mappings"] = new { Directory = MappingsFolder },
        };
        if (dataverse is not null)
        {
            settings["Dataverse"] = dataverse;
        }

        if (graph is not null)
        {
            settings["Graph"] = graph;
            settings["Dunning"] = new
            {
                TemplatesDirectory = Path.Combine(RepositoryRoot, "templates", "dunning"),
                CompanyName = "Sample Company",
                PayLinkPattern = "https://pay.sample-company.example/{customerId}?case={caseId}&amount={amount}&currency={currency}",
            };
        }

        foreach (var (name, section) in (sections ?? new Dictionary<string, object>()).Concat(extraSections))
        {
            settings[name] = section;
        }

        File.WriteAllText(ConfigFile, JsonSerializer.Serialize(settings));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
