using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Connector.Worker.Running;

/// <summary>
/// The worker's rolling JSON file (compact JSON, one event a line, a file a day, <see cref="LogFileOptions.RetainedFiles"/>
/// kept), as a sink the host's Serilog logger picks up through <c>ReadFrom.Services</c>. The file is opened at the first
/// event, not when the logger is built: the host builds its logger before the settings are validated, and an invalid
/// <c>Log</c> section must be reported as one line like any other setting, not thrown from the logger.
/// </summary>
internal sealed class JsonLogFileSink(IOptions<LogFileOptions> options) : ILogEventSink, IDisposable
{
    private readonly Lazy<Logger?> file = new(() => Open(options));

    public void Emit(LogEvent logEvent) => file.Value?.Write(logEvent);

    public void Dispose()
    {
        if (file.IsValueCreated)
        {
            file.Value?.Dispose();
        }
    }

    private static Logger? Open(IOptions<LogFileOptions> options)
    {
        LogFileOptions settings;
        try
        {
            settings = options.Value;
        }
        catch (OptionsValidationException)
        {
            return null; // reported by the policy check; nothing runs with it
        }

        return new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(
                new CompactJsonFormatter(),
                settings.PathPattern,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: LogFileOptions.RetainedFiles)
            .CreateLogger();
    }
}
