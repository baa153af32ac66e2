using System.Net;
using Connector.Graph.Configuration;
using Connector.Graph.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Connector.Graph.Tests.Resilience;

public sealed class GraphPipelinesTests
{
    [Theory]
    [InlineData("GET", 429, true)]
    [InlineData("GET", 503, true)]
    [InlineData("GET", 504, true)]
    [InlineData("PATCH", 503, true)]
    [InlineData("GET", 500, false)]
    [InlineData("PATCH", 400, false)]
    [InlineData("POST", 429, true)]
    [InlineData("POST", 503, false)]
    [InlineData("POST", 504, false)]
    public void ShouldRetry_Status_RetriesWhatGraphSaysToAndACreateOnlyAfter429(string method, int status, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://graph.microsoft.com/v1.0/users/alice/todo/lists/L/tasks");
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(expected, GraphPipelines.ShouldRetry(Outcome.FromResult(response), request));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("PATCH", true)]
    [InlineData("POST", false)]
    public void ShouldRetry_TimeoutOrLostConnection_RetriedUnlessACreate(string method, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://graph.microsoft.com/v1.0/users/ar/sendMail");

        Assert.Equal(expected, GraphPipelines.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()), request));
        Assert.Equal(expected, GraphPipelines.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("connection reset")), request));
    }

    [Theory]
    [InlineData("2.128", 2128)]
    [InlineData("0.5", 500)]
    [InlineData("7", 7000)]
    [InlineData("Tue, 01 Jul 2025 08:00:30 GMT", 30000)]
    [InlineData("Tue, 01 Jul 2025 07:59:00 GMT", 0)]
    public async Task DelayGenerator_RetryAfter_WaitsWhatGraphAsks(string retryAfter, int milliseconds)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.Zero));
        var options = GraphPipelines.RetryOptions(new GraphOptions { AccessToken = "t" }, clock, NullLogger.Instance);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);

        var delay = await options.DelayGenerator!(new RetryDelayGeneratorArguments<HttpResponseMessage>(ResilienceContextPool.Shared.Get(), Outcome.FromResult(response), 0));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), delay);
    }

    [Fact]
    public async Task DelayGenerator_NoRetryAfter_LeavesItToTheBackoff()
    {
        var options = GraphPipelines.RetryOptions(new GraphOptions(), TimeProvider.System, NullLogger.Instance);
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        var delay = await options.DelayGenerator!(new RetryDelayGeneratorArguments<HttpResponseMessage>(ResilienceContextPool.Shared.Get(), Outcome.FromResult(response), 0));

        Assert.Null(delay);
        Assert.Equal((DelayBackoffType.Exponential, true), (options.BackoffType, options.UseJitter));
    }

    [Theory]
    [InlineData(false, "Graph GET /v1.0/users/alice/todo/lists failed: no answer within 30 s (attempt 2 of 6); retrying in 2.3 s")]
    [InlineData(true, "Graph GET /v1.0/users/alice/todo/lists failed: 503 Service Unavailable (attempt 2 of 6); retrying in 2.3 s")]
    public async Task OnRetry_FailedAttempt_OneWarningSayingWhatFailedWithoutAStackTrace(bool answered, string expected)
    {
        var logger = new LastLine();
        var options = GraphPipelines.RetryOptions(new GraphOptions { AccessToken = "t", TimeoutSeconds = 30, MaxRetries = 5 }, TimeProvider.System, logger);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/alice/todo/lists");
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
        var context = ResilienceContextPool.Shared.Get();
        context.SetRequestMessage(request);
        var outcome = answered ? Outcome.FromResult(response) : Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException());

        await options.OnRetry!(new OnRetryArguments<HttpResponseMessage>(context, outcome, 1, TimeSpan.FromMilliseconds(2345), TimeSpan.FromSeconds(30)));

        Assert.Equal((LogLevel.Warning, expected, null), (logger.Level, logger.Text, logger.Exception));
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0/users/jane%40contoso.com/todo/lists", "jane@contoso.com")]
    [InlineData("http://127.0.0.1:5123/v1.0/users/alice/sendMail", "alice")]
    [InlineData("https://graph.microsoft.com/v1.0/$batch", null)]
    public void MailboxOf_RequestUri_IsTheUserSegment(string uri, string? expected) =>
        Assert.Equal(expected, MailboxGate.MailboxOf(new Uri(uri)));

    /// <summary>The last line written, as a person would read it.</summary>
    private sealed class LastLine : ILogger
    {
        public LogLevel? Level { get; private set; }

        public string? Text { get; private set; }

        public Exception? Exception { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            (Level, Text, Exception) = (logLevel, formatter(state, exception), exception);
    }
}
