using System.CommandLine;
using Connector.Settings;
using Connector.Worker.Cli;
using Connector.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker;

/// <summary>
/// The <c>connector</c> command line, runnable in-process: parse (usage errors → exit 2, one line each
/// on stderr, then the usage of the command concerned), then the chosen command builds the host, validates the
/// settings and policies (exit 1) and runs. Nothing a person did wrong ends in a stack trace: a settings file that
/// does not load is one line (exit 1); a failure nobody foresaw is one line on stderr too, its details in a file it names.
/// </summary>
public static class ConnectorApp
{
    /// <param name="args">The command line.</param>
    /// <param name="output">stdout: reports only.</param>
    /// <param name="error">stderr: errors, warnings and logs.</param>
    /// <param name="overrides">Replaces services after the defaults (tests swap the <see cref="TimeProvider"/>).</param>
    /// <param name="tableWidth">How wide tables may be; <c>null</c>: the terminal's width, or 240 when stdout is not a terminal.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        Action<IServiceCollection>? overrides = null,
        int? tableWidth = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var cli = new CliContext(output, error, tableWidth ?? TableWidth(output), overrides);
        ParseResult? parse = null;
        try
        {
            if (args.Length == 0)
            {
                // No command at all: show what there is (on stderr, since nothing was done) and count it as bad usage.
                await CommandCatalog.Create(cli).Parse("--help").InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
                return ExitCodes.BadUsage;
            }

            parse = CommandCatalog.Create(cli).Parse(args);
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM during a one-shot command (connector run stops cleanly by itself and exits 0).
            var command = parse is null ? CommandUsage.Program : CommandUsage.PathOf(parse.CommandResult.Command);
            await error.WriteLineAsync($"{command}: stopped before it finished (Ctrl+C or SIGTERM)".AsMemory(), CancellationToken.None);
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            var details = await FailureLog.WriteAsync(args, e);
            var command = parse is null ? CommandUsage.Program : CommandUsage.PathOf(parse.CommandResult.Command);
            await error.WriteLineAsync($"{command}: failed: {FailureLog.Messages(e)}{details}".AsMemory(), CancellationToken.None);
            return ExitCodes.UserMustAct;
        }
    }

    // Redirected output (files, pipes, tests) gets wide tables instead of 80 columns of wrapping.
    private static int TableWidth(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Console.WindowWidth > 0 ? Console.WindowWidth : 240;
}
