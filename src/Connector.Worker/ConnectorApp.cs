using System.CommandLine;
using Connector.Worker.Cli;
using Connector.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker;

/// <summary>
/// The <c>connector</c> command line, runnable in-process: parse (usage errors → exit 2, one line each
/// on stderr, then the usage of the command concerned), then the chosen command builds the host, validates the
/// settings and policies (exit 1) and runs. A settings file that does not load is one line (exit 1), not a stack trace.
/// </summary>
public static class ConnectorApp
{
    /// <param name="args">The command line.</param>
    /// <param name="output">stdout: reports only.</param>
    /// <param name="error">stderr: errors, warnings and logs.</param>
    /// <param name="overrides">Replaces services after the defaults (tests swap the <see cref="TimeProvider"/>).</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <param name="tableWidth">How wide tables may be; <c>null</c>: the terminal's width, or 240 when stdout is not a terminal.</param>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        Action<IServiceCollection>? overrides = null,
        CancellationToken cancellationToken = default,
        int? tableWidth = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var cli = new CliContext(output, error, tableWidth ?? TableWidth(output), overrides);
        try
        {
            if (args.Length == 0)
            {
                // No command at all: show what there is (on stderr, since nothing was done) and count it as bad usage.
                await CommandCatalog.Create(cli).Parse("--help").InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
                return ExitCodes.BadUsage;
            }

            var parse = CommandCatalog.Create(cli).Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
            {
                foreach (var line in UsageErrors.Describe(parse))
                {
                    await error.WriteLineAsync(line.AsMemory(), cancellationToken);
                }

                return ExitCodes.BadUsage;
            }

            var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (ConfigurationFileException e)
        {
            await error.WriteLineAsync(e.Message.AsMemory(), CancellationToken.None);
            return ExitCodes.UserMustAct;
        }
    }

    // Redirected output (files, pipes, tests) gets wide tables instead of 80 columns of wrapping.
    private static int TableWidth(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Console.WindowWidth > 0 ? Console.WindowWidth : 240;
}
