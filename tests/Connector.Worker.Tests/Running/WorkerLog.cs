using System.Text.Json;

namespace Connector.Worker.Tests.Running;

/// <summary>The worker's rolling compact-JSON log as a test reads it: one event a line, read while the worker writes.</summary>
internal sealed class WorkerLog(string directory)
{
    public IReadOnlyList<JsonElement> Events()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var events = new List<JsonElement>();
        foreach (var file in Directory.GetFiles(directory, "connector-*.json").Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0 && line[^1] == '}')
                {
                    events.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
            }
        }

        return events;
    }

    /// <summary>Waits (polling the file) until <paramref name="done"/> holds for the events so far; fails after a generous bound.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(Func<IReadOnlyList<JsonElement>, bool> done, Task worker)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var events = Events();
            if (done(events))
            {
                return events;
            }

            if (worker.IsCompleted)
            {
                throw new InvalidOperationException($"the worker stopped (exit {await (Task<int>)worker}) before the log showed what the test waits for");
            }

            await Task.Delay(50);
        }

        var last = Events().TakeLast(8).Select(static e => e.GetRawText());
        throw new TimeoutException("the worker's log never showed what the test waits for; it ends with:\n" + string.Join("\n", last));
    }

    public static string? Template(JsonElement e) => e.TryGetProperty("@mt", out var mt) ? mt.GetString() : null;

    public static string? RunId(JsonElement e) => e.TryGetProperty("SyncRunId", out var id) ? id.GetString() : null;

    public static bool IsSummary(JsonElement e) => Template(e)?.StartsWith("Sync run completed", StringComparison.Ordinal) == true;

    public static bool IsStart(JsonElement e) => Template(e)?.StartsWith("Sync run started", StringComparison.Ordinal) == true;
}
