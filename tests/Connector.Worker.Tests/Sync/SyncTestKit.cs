using System.Text;
using System.Text.Json;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Sync;

/// <summary>What one table's row of the sync summary said.</summary>
internal sealed record PushedRow(int Changed, int Sent, int Refused, int Requests);

/// <summary>The pieces the sync tests share: the command line, the summary read back, the ERP export edited.</summary>
internal static class SyncTestKit
{
    /// <summary>The evaluation date every sync test uses (the sample company is exported as of 2026-11-16).</summary>
    public const string AsOf = "2026-11-20";

    public const int SampleAccounts = 240;
    public const int SampleOpenItems = 848;
    public const int SamplePayments = 2_983;

    public static Task<CliResult> SyncAsync(Workspace workspace) => workspace.RunAsync("sync", "--once", "--as-of", AsOf, "--format", "json");

    /// <summary>The "Pushed to Dataverse" section of a <c>--format json</c> summary, by Dataverse table.</summary>
    public static Dictionary<string, PushedRow> Pushed(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"sync failed ({result.ExitCode}): {result.Error}");
        using var json = JsonDocument.Parse(result.Output);
        var section = json.RootElement.GetProperty("sections").EnumerateArray()
            .Single(s => s.GetProperty("title").GetString() is { } title && title.StartsWith("Pushed to Dataverse", StringComparison.Ordinal));
        return section.GetProperty("rows").EnumerateArray().ToDictionary(
            r => r.GetProperty("table").GetString()!,
            r => new PushedRow(r.GetProperty("queued").GetInt32(), r.GetProperty("sent").GetInt32(), r.GetProperty("quarantined").GetInt32(), r.GetProperty("requests").GetInt32()),
            StringComparer.Ordinal);
    }

    /// <summary>The notes under a <c>--format json</c> summary.</summary>
    public static string[] Notes(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!)];
    }

    /// <summary>
    /// Drops a version of one sample export file as <paramref name="dropName"/> (a new name makes it a new export), with
    /// the one line whose field number <paramref name="keyColumn"/> (0-based, <c>;</c>-separated) is <paramref name="key"/> edited.
    /// </summary>
    public static void DropEdited(Workspace workspace, string sampleFile, string dropName, int keyColumn, string key, Action<string[]> edit)
    {
        var lines = File.ReadAllText(Path.Combine(Workspace.SampleExport, sampleFile), Encoding.UTF8).Split('\n');
        var edited = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var fields = line.Split(';');
            if (fields.Length > keyColumn && fields[keyColumn] == key)
            {
                edit(fields);
                lines[i] = string.Join(';', fields) + (lines[i].EndsWith('\r') ? "\r" : "");
                edited++;
            }
        }

        Assert.Equal(1, edited);
        File.WriteAllText(Path.Combine(workspace.DropFolder, dropName), string.Join('\n', lines), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    }

    /// <summary>A sample workspace whose settings point at <paramref name="dataverse"/>, export dropped.</summary>
    public static Workspace SampleWorkspace(EmulatedDataverse dataverse, int batchSize = 500, int maxParallelism = 52)
    {
        var workspace = new Workspace();
        workspace.DropSampleExport();
        workspace.UseDataverse(dataverse.Url, batchSize, maxParallelism: maxParallelism);
        return workspace;
    }
}
