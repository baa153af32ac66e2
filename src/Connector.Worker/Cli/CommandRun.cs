using System.CommandLine;
using System.Diagnostics;
using Connector.Domain.Ledger;
using Connector.Worker.Canonical;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>Today in local time, from the host's clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Time.GetLocalNow().DateTime);

    public T GetValue<T>(Option<T> option) => Parse.GetValue(option)!;

    /// <summary>The <c>--as-of</c> date, or today when omitted.</summary>
    public DateOnly AsOf(Option<DateOnly?> option) => Parse.GetValue(option) ?? Today;

    /// <summary>A validated policy (bound from its configuration section).</summary>
    public T Policy<T>() where T : class => Services.GetRequiredService<IOptions<T>>().Value;

    /// <summary>
    /// Reads a canonical folder. On bad data writes every error to stderr, one line each, and returns
    /// <c>false</c>: the command then exits with <see cref="ExitCodes.UserMustAct"/>.
    /// </summary>
    public bool TryLoadLedger(string folder, out ArLedger ledger)
    {
        var stopwatch = Stopwatch.StartNew();
        var load = CanonicalFolderReader.Read(folder);
        if (load.Ledger is null)
        {
            foreach (var error in load.Errors)
            {
                Error.WriteLine(error.ToString());
            }

            LogRejected(folder, load.Errors.Count);
            ledger = null!;
            return false;
        }

        ledger = load.Ledger;
        LogLoaded(folder, ledger.Accounts.Count, stopwatch.ElapsedMilliseconds);
        return true;
    }

    /// <summary>A warning for a person: one line on stderr (not a log event, so it shows whatever the log level).</summary>
    public void Warn(string message) => Error.WriteLine("warning: " + message);

    public void Write(Report report, ReportFormat format) => context.Reports.Write(report, format);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Folder}: {Customers} customers in {ElapsedMs} ms")]
    private partial void LogLoaded(string folder, int customers, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Folder}: {Errors} errors")]
    private partial void LogRejected(string folder, int errors);
}
