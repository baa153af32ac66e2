using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Connector.Dataverse.Tests.Support;

/// <summary>One log event: who wrote it, at what level, its text, and whether a stack trace came with it.</summary>
internal sealed record CapturedEntry(string Category, LogLevel Level, string Text, Exception? Exception);

/// <summary>Keeps every formatted log line, to assert what an operator would read.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedEntry> entries = new();

    public IReadOnlyList<CapturedEntry> Entries => [.. entries];

    public IReadOnlyList<string> Lines => [.. entries.Select(static e => $"{e.Level}: {e.Text}{(e.Exception is null ? string.Empty : " | " + e.Exception)}")];

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
            owner.entries.Enqueue(new CapturedEntry(category, logLevel, formatter(state, exception), exception));
    }
}
