using Spectre.Console;

namespace Connector.Worker.Output;

/// <summary>
/// A live line on the terminal while a long command works (the step it is on). Only when stderr is a terminal: piped or
/// scheduled runs get no control characters, just the result and the log.
/// </summary>
internal static class StatusLine
{
    public static async Task<T> RunAsync<T>(TextWriter error, string first, Func<IProgress<string>?, Task<T>> work)
    {
        if (!ReferenceEquals(error, Console.Error) || Console.IsErrorRedirected)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        try
        {
            return await console.Status().StartAsync(Markup.Escape(first + "…"), async status =>
                await work(new Progress<string>(step => status.Status(Markup.Escape(step + "…")))));
        }
        finally
        {
            // The status blanks its line but leaves the cursor at its end; what stdout prints next starts at the margin.
            await Console.Error.WriteAsync('\r');
        }
    }
}
