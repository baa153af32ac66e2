using System.CommandLine;
using Connector.Settings;
using Connector.Worker.Hosting;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connector.Worker.Cli;

/// <summary>
/// What the command tree shares: the output streams and how to build the host. A command attaches its
/// body with <see cref="SetAction(Command, Func{CommandRun, int})"/>; the host is built (configuration read,
/// policies validated) only when that command runs, so <c>--help</c> and usage errors never need it.
/// </summary>
public sealed class CliContext
{
    private readonly Action<IServiceCollection>? overrides;

    public CliContext(TextWriter output, TextWriter error, int tableWidth, Action<IServiceCollection>? overrides = null)
    {
        Output = output;
        Error = error;
        Reports = new ReportWriter(output, tableWidth);
        this.overrides = overrides;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public ReportWriter Reports { get; }

    /// <summary>The root's <c>--config</c> option (recursive: every command accepts it).</summary>
    public Option<string?> ConfigOption { get; } = CommonOptions.Config();

    /// <summary>Sets a synchronous body; it returns the exit code.</summary>
    public void SetAction(Command command, Func<CommandRun, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        SetAction(command, (run, _) => Task.FromResult(body(run)));
    }

    /// <summary>Sets an asynchronous body; it returns the exit code.</summary>
    public void SetAction(Command command, Func<CommandRun, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(body);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CreateBuilder(parse).Build();
            if (!await CheckPoliciesAsync(host.Services, cancellationToken))
            {
                return ExitCodes.UserMustAct;
            }

            return await body(new CommandRun(this, parse, host.Services), cancellationToken);
        });
    }

    /// <summary>Validates every policy; writes each failure on its own line to stderr and returns <c>false</c> when any.</summary>
    public async Task<bool> CheckPoliciesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var failures = services.ValidatePolicies();
        foreach (var failure in failures)
        {
            await Error.WriteLineAsync(failure.AsMemory(), cancellationToken);
        }

        return failures.Count == 0;
    }

    /// <summary>The host builder with everything registered; a long-running command may add to it before building.</summary>
    /// <param name="settings">Settings layered over everything (the demo's emulators and temporary folders).</param>
    public HostApplicationBuilder CreateBuilder(ParseResult parse, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return ConnectorHost.CreateBuilder(parse.GetValue(ConfigOption), overrides, settings);
    }
}
