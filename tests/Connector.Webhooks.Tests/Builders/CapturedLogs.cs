using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks.Tests.Builders;

/// <summary>One log event as a person would read it: its level, its text, and whether a stack trace came with it.</summary>
internal sealed record CapturedLine(string Category, LogLevel Level, string Text, Exception? Exception);

/// <summary>Every log event of the server under test (Kestrel's own included), to assert what an operator would read.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLine> lines = new();

    public IReadOnlyList<CapturedLine> Lines => [.. lines];

    public ILoggerFactory Factory() => LoggerFactory.Create(logging => logging.AddProvider(this).SetMinimumLevel(LogLevel.Debug));

    /// <summary>Waits (bounded) until a line matching <paramref name="match"/> was logged.</summary>
    public async Task<CapturedLine> WaitForAsync(Func<CapturedLine, bool> match)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("never logged; the log has:\n" + string.Join('\n', Lines.Select(static l => $"{l.Level} {l.Category}: {l.Text}")));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.lines.Enqueue(new CapturedLine(category, logLevel, formatter(state, exception), exception));
    }
}
