using Connector.Sync.Ports;
using Connector.Sync.Statements;
using Connector.Worker.Statements;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Connector.Worker.Running;

/// <summary>
/// The monthly statements of <c>connector run</c> (<c>Schedules:Statements</c>): the same <see cref="StatementSend"/>
/// <c>statements send</c> runs, for the month before the firing day. Sending twice is impossible by construction (the
/// store keeps one record per customer and period), so a misfire or a second instance firing only finds them sent.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class StatementsJob : IJob
{
    public static readonly JobKey Key = new("statements", "connector");

    public static readonly TriggerKey ScheduleKey = new("statements-schedule", "connector");

    private readonly StatementSend send;
    private readonly IConfiguration configuration;
    private readonly ILogger<StatementsJob> logger;
    private readonly CancellationToken stopping;

    public StatementsJob(StatementSend send, IConfiguration configuration, ILogger<StatementsJob> logger, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        this.send = send;
        this.configuration = configuration;
        this.logger = logger;
        stopping = lifetime.ApplicationStopping;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        cancellationToken = shutdown.Token;
        var settings = StatementsSetup.Read(configuration);
        if (StatementsSetup.Missing(settings, send.CanSend) is { } missing)
        {
            LogHeldBack(missing);
            return;
        }

        try
        {
            var report = await send.RunAsync(new StatementSendRequest(), settings, cancellationToken);
            if (report is null)
            {
                LogHeldBack("there is no ledger yet");
                return;
            }

            var (sent, before, skipped, failed, uncertain) = (
                report.Count(StatementOutcome.Send),
                report.Count(StatementOutcome.AlreadySent),
                report.Count(StatementOutcome.Skipped),
                report.Count(StatementOutcome.Failed),
                report.Count(StatementOutcome.Uncertain));
            LogCompleted(report.Period.Key, sent, before, skipped, failed, uncertain);
            foreach (var decision in report.Decisions.Where(static d => d.Outcome is StatementOutcome.Failed or StatementOutcome.Uncertain))
            {
                LogNotSent(decision.CustomerId, decision.Reason);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled();
        }
#pragma warning disable CA1031 // A failed run must never stop the worker: it is logged and the next firing (or `statements send`) tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(ex, ex.Message);
        }
    }

    [LoggerMessage(EventId = LogEventIds.StatementsJob + 1, Level = LogLevel.Information, Message =
        "Statements for {Period}: {Sent} sent, {SentBefore} sent before, {Skipped} skipped, {Failed} failed, {Uncertain} uncertain")]
    private partial void LogCompleted(string period, int sent, int sentBefore, int skipped, int failed, int uncertain);

    [LoggerMessage(EventId = LogEventIds.StatementsJob + 2, Level = LogLevel.Warning, Message = "Statement of customer {CustomerId} not sent: {Reason}")]
    private partial void LogNotSent(string customerId, string reason);

    [LoggerMessage(EventId = LogEventIds.StatementsJob + 3, Level = LogLevel.Warning, Message = "Statements held back: {Reason}")]
    private partial void LogHeldBack(string reason);

    [LoggerMessage(EventId = LogEventIds.StatementsJob + 4, Level = LogLevel.Warning, Message = "Statements stopped by shutdown; `connector statements send` or the next firing sends the rest")]
    private partial void LogCancelled();

    [LoggerMessage(EventId = LogEventIds.StatementsJob + 5, Level = LogLevel.Error, Message = "Statements run failed: {Reason}; `connector statements send` or the next firing tries again")]
    private partial void LogFailed(Exception exception, string reason);
}
