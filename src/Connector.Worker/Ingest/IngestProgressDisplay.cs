using System.Globalization;
using Connector.Sync.Ingest;
using Spectre.Console;

namespace Connector.Worker.Ingest;

/// <summary>
/// A live line on the terminal for long ingests (entity, file, rows read). Only when stderr is a terminal:
/// piped or scheduled runs get no control characters, just the summary and the log.
/// </summary>
internal static class IngestProgressDisplay
{
    public static async Task<T> RunAsync<T>(TextWriter error, Func<IProgress<IngestProgress>?, Task<T>> work)
    {
        if (!ReferenceEquals(error, Console.Error) || Console.IsErrorRedirected)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Status().StartAsync("Ingesting…", async status =>
        {
            var progress = new Progress<IngestProgress>(p => status.Status(
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.Entity}: {p.Unit}: {p.RowsRead:N0} rows read"))));
            return await work(progress);
        });
    }
}
