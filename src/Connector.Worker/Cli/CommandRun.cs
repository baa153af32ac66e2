using System.CommandLine;
using Connector.Sync.Clock;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Cli;

/// <summary>One running command: its parsed options, the validated services, the outputs and the usual steps.</summary>
public sealed partial class CommandRun
{
    private readonly CliContext context;
    private readonly ILogger logger;

    internal CommandRun(CliContext context, ParseResult parse, IServiceProvider services)
    {
        this.context = context;
        Parse = parse;
        Services = services;
        Time = services.GetRequiredService<TimeProvider>();
        logger = services.GetRequiredService<ILogger<CommandRun>>();
    }

    public ParseResult Parse { get; }

    public IServiceProvider Services { get; }

    /// <summary>The only clock (the host's <see cref="TimeProvider"/>).</summary>
    public TimeProvider Time { get; }

    /// <summary>stdout: reports only, so csv/json output can be piped.</summary>
    public TextWriter Output => context.Output;

    /// <summary>stderr: errors and warnings, one line each.</summary>
    public TextWriter Error => context.Error;

    /// <summary>Today in the company's time zone (<c>Company:TimeZone</c>), from the host's clock.</summary>
    public DateOnly Today => Services.GetRequiredService<CompanyClock>().Today;

    public T GetValue<T>(Option<T> option) => Parse.GetValue(option)!;

    /// <summary>The <c>--as-of</c> date, or today when omitted.</summary>
    public DateOnly AsOf(Option<DateOnly?> option) => Parse.GetValue(option) ?? Today;

    /// <summary>A validated policy (bound from its configuration section).</summary>
    public T Policy<T>() where T : class => Services.GetRequiredService<IOptions<T>>().Value;

    /// <summary>
    /// A host like this command's — the same <c>--config</c>, the same service overrides — with <paramref name="settings"/>
    /// layered over everything, its policies checked (each failure one line on stderr; <c>null</c> then).
    /// </summary>
    public async Task<IHost?> BuildHostAsync(IEnumerable<KeyValuePair<string, string?>> settings, CancellationToken cancellationToken)
    {
        var host = context.CreateBuilder(Parse, settings).Build();
        if (await context.CheckPoliciesAsync(host.Services, cancellationToken))
        {
            return host;
        }

        host.Dispose();
        return null;
    }

    /// <summary>A warning for a person: one line on stderr (not a log event, so it shows whatever the log level).</summary>
    public void Warn(string message) => Error.WriteLine("warning: " + message);

    public void Write(Report report, ReportFormat format) => context.Reports.Write(report, format);

    /// <summary>To <paramref name="path"/> (<c>--out</c>) when given, to stdout otherwise.</summary>
    public void Write(Report report, ReportFormat format, string? path) => context.Reports.Write(report, format, path);
}
