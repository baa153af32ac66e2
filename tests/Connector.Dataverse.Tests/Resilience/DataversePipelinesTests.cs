using System.Net;
using System.Net.Http.Headers;
using Connector.Dataverse.Requests;
using Connector.Dataverse.Resilience;
using Connector.Dataverse.Tests.Support;
using Connector.Dataverse.WebApi;
using Microsoft.Extensions.Logging;
using Polly;

namespace Connector.Dataverse.Tests.Resilience;

public sealed class DataversePipelinesTests
{
    private const string WhoAmI = """{"UserId":"8a0c1b6e-0000-0000-0000-000000000001","BusinessUnitId":"8a0c1b6e-0000-0000-0000-000000000002","OrganizationId":"8a0c1b6e-0000-0000-0000-000000000003"}""";

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.PreconditionFailed, false)]
    [InlineData(HttpStatusCode.OK, false)]
    public void ShouldRetry_Status_RetriesOnlyTransientAnswers(HttpStatusCode status, bool retried)
    {
        using var response = new HttpResponseMessage(status);
        Assert.Equal(retried, DataversePipelines.ShouldRetry(Outcome.FromResult(response)));
    }

    [Fact]
    public void ShouldRetry_ConnectionFailureOrAttemptTimeout_Retries()
    {
        Assert.True(DataversePipelines.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused"))));
        Assert.True(DataversePipelines.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new Polly.Timeout.TimeoutRejectedException())));
        Assert.False(DataversePipelines.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException())));
    }

    [Fact]
    public void ShouldRetry_NotIdempotentRequest_RetriesOnly429()
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "accounts");
        create.Options.Set(DataversePipelines.NotIdempotent, true);
        using var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        using var gateway = new HttpResponseMessage(HttpStatusCode.GatewayTimeout);

        Assert.True(DataversePipelines.ShouldRetry(Outcome.FromResult(throttled), create));
        Assert.False(DataversePipelines.ShouldRetry(Outcome.FromResult(gateway), create));
        Assert.False(DataversePipelines.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new Polly.Timeout.TimeoutRejectedException()), create));
    }

    [Fact]
    public async Task SendAsync_CreateAnsweredGatewayTimeout_IsNotSentTwice()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Error(504, "0x80040216", "Gateway timeout", ("Retry-After", "0")));
        await using var host = DataverseTestHost.Create(server.Url);

        var error = await Assert.ThrowsAsync<DataverseException>(() => host.Client.SendAsync(new CreateRecordRequest("appnotifications", """{"title":"Order held"}"""), CancellationToken.None));

        Assert.Equal((504, true), (error.StatusCode, error.IsTransient));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ThrottledWithFractionalRetryAfter_WaitsWhatItAsksThenSucceedsAtHalfConcurrency()
    {
        await using var server = await ScriptedServer.StartAsync(request => request.Number == 1
            ? ScriptedResponse.Error(429, "0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds.", ("Retry-After", "0.2"))
            : ScriptedResponse.Json(WhoAmI));
        await using var host = DataverseTestHost.Create(server.Url);

        var counter = new RequestCounter();
        var result = await host.Client.SendAsync(new WhoAmIRequest(), counter, CancellationToken.None);

        Assert.Equal(Guid.Parse("8a0c1b6e-0000-0000-0000-000000000001"), result.UserId);
        Assert.Equal(2, counter.Count);
        Assert.Contains("Warning: Dataverse GET /api/data/v9.2/WhoAmI failed: 429 Too Many Requests (attempt 1 of 4); retrying in 0.2 s", host.Logs.Lines);
        Assert.Equal(AdaptiveConcurrency.DefaultLimitBeforeFirstHint / 2, host.Concurrency.Limit); // no x-ms-dop-hint yet: half of the start limit
    }

    [Fact]
    public async Task SendAsync_UnavailableTwiceThenAnswered_OneWarningPerRetryAndPollyOnlyAtDebug()
    {
        await using var server = await ScriptedServer.StartAsync(request => request.Number <= 2
            ? ScriptedResponse.Error(503, "0x80040216", "Service unavailable", ("Retry-After", "0"))
            : ScriptedResponse.Json(WhoAmI));
        await using var host = DataverseTestHost.Create(server.Url);

        await host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);

        // Warning and above: the HttpClient factory's own per-attempt lines are Information, kept off by the Serilog defaults.
        var noticed = host.Logs.Entries.Where(static e => e.Level >= LogLevel.Warning).ToList();
        Assert.Equal(
            [
                "Dataverse GET /api/data/v9.2/WhoAmI failed: 503 Service Unavailable (attempt 1 of 4); retrying in 0 s",
                "Dataverse GET /api/data/v9.2/WhoAmI failed: 503 Service Unavailable (attempt 2 of 4); retrying in 0 s",
            ],
            noticed.Select(static e => e.Text));
        Assert.All(noticed, static e => Assert.Equal((LogLevel.Warning, null), (e.Level, e.Exception)));
        var polly = host.Logs.Entries.Where(static e => e.Category.StartsWith("Polly", StringComparison.Ordinal)).ToList();
        Assert.Contains(polly, static e => e.Text.StartsWith("Execution attempt.", StringComparison.Ordinal)); // still there for whoever turns Debug on
        Assert.All(polly, static e => Assert.Equal(LogLevel.Debug, e.Level));
    }

    [Fact]
    public async Task SendAsync_AttemptTimesOut_OneLineSaysSoWithoutAStackTrace()
    {
        await using var server = await ScriptedServer.StartAsync(request => request.Number == 1
            ? ScriptedResponse.Json(WhoAmI) with { Delay = TimeSpan.FromSeconds(3) } // past the 2 s attempt timeout
            : ScriptedResponse.Json(WhoAmI));
        await using var host = DataverseTestHost.Create(server.Url, new Dictionary<string, string?> { ["TimeoutSeconds"] = "2" });

        await host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);

        // One line per retry (a loaded machine may time the second attempt out too), never an exception with it.
        var retries = host.Logs.Entries.Where(static e => e.Level >= LogLevel.Warning).ToList();
        Assert.NotEmpty(retries);
        Assert.Matches(@"^Dataverse GET /api/data/v9\.2/WhoAmI failed: no answer within 2 s \(attempt 1 of 4\); retrying in [0-9.]+ s$", retries[0].Text);
        Assert.All(retries, static e => Assert.Equal((LogLevel.Warning, null), (e.Level, e.Exception)));
    }

    [Fact]
    public async Task SendAsync_UnavailableThroughEveryRetry_ThrowsTransientExceptionWithRequestId()
    {
        await using var server = await ScriptedServer.StartAsync(_ =>
            ScriptedResponse.Error(503, "0x80040216", "Service unavailable", ("Retry-After", "0"), ("x-ms-service-request-id", "req-503")));
        await using var host = DataverseTestHost.Create(server.Url, new Dictionary<string, string?> { ["MaxRetries"] = "2" });

        var error = await Assert.ThrowsAsync<DataverseException>(() => host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None));

        Assert.Equal((503, true, "req-503"), (error.StatusCode, error.IsTransient, error.RequestId));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_BadRequest_IsNotRetried()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Error(400, "0x80060888", "Resource not found for the segment 'acounts'."));
        await using var host = DataverseTestHost.Create(server.Url);

        var error = await Assert.ThrowsAsync<DataverseException>(() => host.Client.SendAsync(new RetrieveMultipleRequest("acounts"), CancellationToken.None));

        Assert.Equal((400, false, "0x80060888"), (error.StatusCode, error.IsTransient, error.ErrorCode));
        Assert.Single(server.Requests);
        Assert.Equal("Dataverse answered 400 Bad Request to GET /api/data/v9.2/acounts: 0x80060888 Resource not found for the segment 'acounts'.", error.Message);
    }

    [Fact]
    public async Task SendAsync_UnauthorizedAnswerEchoingTheHeader_ExceptionAndLogsNeverHoldTheToken()
    {
        await using var server = await ScriptedServer.StartAsync(request =>
            ScriptedResponse.Error(401, "0x80040220", "Principal user is missing prvReadAccount; header was " + request.Header("Authorization")));
        await using var host = DataverseTestHost.Create(server.Url);

        var error = await Assert.ThrowsAsync<DataverseException>(() => host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None));

        Assert.Equal("Bearer " + DataverseTestHost.Token, server.Requests[0].Header("Authorization"));
        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(DataverseTestHost.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(DataverseTestHost.Token, error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("header was Bearer [redacted]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Get_CarriesODataHeadersAndNeverTheAffinityCookie()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Json(WhoAmI, ("Set-Cookie", "ARRAffinity=server-7; Path=/; HttpOnly")));
        await using var host = DataverseTestHost.Create(server.Url);

        await host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);
        await host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);

        var second = server.Requests[1];
        Assert.Equal(("application/json", "4.0", "4.0", "null"), (second.Header("Accept"), second.Header("OData-MaxVersion"), second.Header("OData-Version"), second.Header("If-None-Match")));
        Assert.Null(second.Header("Cookie"));
    }

    [Fact]
    public async Task SendAsync_DegreeOfParallelismHint_BoundsConcurrency()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Json(WhoAmI, ("x-ms-dop-hint", "4")));
        await using var host = DataverseTestHost.Create(server.Url);

        var result = await host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);

        Assert.Equal(4, result.RecommendedDegreeOfParallelism);
        Assert.Equal((4, 4), (host.Concurrency.Limit, host.Concurrency.Ceiling));
    }

    [Fact]
    public async Task SendAsync_NothingListening_ThrowsTransientUnreachable()
    {
        var port = FreePort();
        await using var host = DataverseTestHost.Create(new Uri($"http://127.0.0.1:{port}/"), new Dictionary<string, string?> { ["MaxRetries"] = "0" });

        var error = await Assert.ThrowsAsync<DataverseException>(() => host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None));

        Assert.Equal((0, true), (error.StatusCode, error.IsTransient));
        Assert.StartsWith("Dataverse did not answer GET /api/data/v9.2/WhoAmI: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Json(WhoAmI));
        await using var host = DataverseTestHost.Create(server.Url);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.SendAsync(new WhoAmIRequest(), new CancellationToken(canceled: true)));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
