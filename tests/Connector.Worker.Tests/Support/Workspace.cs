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
        WriteSettings(null);
    }

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
    public void UseDataverse(Uri url, int batchSize = 500, int maxRetries = 5, int maxParallelism = 52) =>
        WriteSettings(new { Url = url.ToString(), AccessToken = "workspace-test-token", BatchSize = batchSize, MaxRetries = maxRetries, MaxParallelism = maxParallelism });

    /// <summary>Runs a command in-process with this workspace's settings.</summary>
    public Task<CliResult> RunAsync(params string[] args) => InProcess.RunAsync([.. args, "--config", ConfigFile]);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }

    private void WriteSettings(object? dataverse)
    {
        var settings = new Dictionary<string, object>
        {
            ["Store"] = new { DataDirectory = Path.Combine(Root, "data") },
            ["Erp"] = new { DropFolder },
            ["Mappings"] = new { Directory = MappingsFolder },
        };
        if (dataverse is not null)
        {
            settings["Dataverse"] = dataverse;
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
