using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse.Protection;

public sealed class ServiceProtectionMiddlewareTests
{
    private const string Echo = "/api/data/v9.2/echo";

    [Fact]
    public async Task Request_WithoutToken_Returns401WithBearerChallengeAndErrorJson()
    {
        await using var server = await FrontDoorServer.StartAsync(Options());

        using var response = await server.GetAsync(Echo, oid: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // Unquoted URLs, as Dataverse sends them (HttpClient's typed parser rejects that form, so read it raw).
        var challenge = Assert.Single(response.Headers.NonValidated["WWW-Authenticate"]);
        Assert.StartsWith("Bearer authorization_uri=https://login.microsoftonline.com/", challenge, StringComparison.Ordinal);
        Assert.EndsWith($"resource_id={server.Client.BaseAddress}", challenge, StringComparison.Ordinal);
        Assert.Equal(ProtectionErrorCodes.AuthenticationRequired, (await ErrorOf(response)).Code);
        Assert.Equal(0, server.Reached);
        Assert.Equal(1, server.FrontDoor.Stats.Unauthorized);
    }

    [Fact]
    public async Task Request_BasicAuthorization_Returns401()
    {
        await using var server = await FrontDoorServer.StartAsync(Options());
        var request = new HttpRequestMessage(HttpMethod.Get, Echo);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        using var response = await server.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithJwt_EndpointSeesTheOidAsCaller()
    {
        await using var server = await FrontDoorServer.StartAsync(Options());

        using var response = await server.GetAsync(Echo, oid: "5f2c-app-user");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("5f2c-app-user", body.RootElement.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task Response_Admitted_CarriesDopHintAndRateLimitHeaders()
    {
        var options = Options();
        options.DegreeOfParallelismHint = 7;
        await using var server = await FrontDoorServer.StartAsync(options);

        using var first = await server.GetAsync(Echo);
        using var second = await server.GetAsync(Echo);

        Assert.Equal("7", Header(first, "x-ms-dop-hint"));
        Assert.Equal("5999", Header(first, "x-ms-ratelimit-burst-remaining-xrm-requests"));
        Assert.Equal("5998", Header(second, "x-ms-ratelimit-burst-remaining-xrm-requests"));
        Assert.Equal("1,200.00", Header(second, "x-ms-ratelimit-time-remaining-xrm-requests"));
    }

    [Fact]
    public async Task Response_Unauthorized_StillCarriesDopHint()
    {
        await using var server = await FrontDoorServer.StartAsync(Options());

        using var response = await server.GetAsync(Echo, oid: null);

        Assert.Equal("16", Header(response, "x-ms-dop-hint"));
    }

    [Fact]
    public async Task Request_OutsideDataApi_PassesThroughUntouched()
    {
        await using var server = await FrontDoorServer.StartAsync(Options());

        using var response = await server.GetAsync("/health", oid: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-ms-dop-hint"));
    }

    [Fact]
    public async Task Request_OverRequestLimit_Returns429WithDocumentedCodeMessageAndRetryAfter()
    {
        var options = Options();
        options.Limits.RequestsPerWindow = 2;
        await using var server = await FrontDoorServer.StartAsync(options);
        (await server.GetAsync(Echo)).Dispose();
        (await server.GetAsync(Echo)).Dispose();

        using var response = await server.GetAsync(Echo);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.RetryAfter?.Delta);
        var error = await ErrorOf(response);
        Assert.Equal("0x80072322", error.Code);
        Assert.Equal("Number of requests exceeded the limit of 2 over time window of 300 seconds.", error.Message);
        Assert.Equal("0", Header(response, "x-ms-ratelimit-burst-remaining-xrm-requests"));
        Assert.Equal(2, server.Reached);
        var stats = server.FrontDoor.Stats;
        Assert.Equal(2, stats.Admitted);
        Assert.Equal(1, stats.ThrottledByCode["0x80072322"]);
        Assert.Equal(1, stats.Callers["user-1"].ThrottledByCode["0x80072322"]);
    }

    [Fact]
    public async Task Request_OtherCaller_IsNotThrottledByTheFirst()
    {
        var options = Options();
        options.Limits.RequestsPerWindow = 1;
        await using var server = await FrontDoorServer.StartAsync(options);
        (await server.GetAsync(Echo, oid: "user-a")).Dispose();
        using var throttled = await server.GetAsync(Echo, oid: "user-a");

        using var other = await server.GetAsync(Echo, oid: "user-b");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Requests_OneMoreThanConcurrencyLimitInFlight_ExtraOneGets429WithConcurrencyCode()
    {
        var options = Options();
        options.Limits.ConcurrentRequests = 2;
        await using var server = await FrontDoorServer.StartAsync(options);
        var held = new[] { server.GetAsync("/api/data/v9.2/gate"), server.GetAsync("/api/data/v9.2/gate") };
        await server.WaitAtGateAsync(2);

        using var extra = await server.GetAsync(Echo);

        Assert.Equal(HttpStatusCode.TooManyRequests, extra.StatusCode);
        var error = await ErrorOf(extra);
        Assert.Equal("0x80072326", error.Code);
        Assert.Equal("Number of concurrent requests exceeded the limit of 2.", error.Message);
        Assert.Equal("1", extra.Headers.GetValues("Retry-After").Single());
        server.OpenGate();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            response.Dispose();
        }

        using var after = await server.GetAsync(Echo);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Request_AfterExecutionTimeUsedUp_Returns429WithExecutionCodeAndFractionalRetryAfter()
    {
        // System clock at 1000x: a 2 s record cost is a 2 ms real delay, and the one-day window lasts 86 s real.
        var options = new DataverseEmulatorOptions { TimeScale = 1000, PerRecordCost = TimeSpan.FromSeconds(2) };
        options.Limits.Window = TimeSpan.FromDays(1);
        options.Limits.ExecutionTimePerWindow = TimeSpan.FromSeconds(1);
        await using var server = await FrontDoorServer.StartAsync(options);
        using var first = await server.GetAsync(Echo + "?records=1");

        using var second = await server.GetAsync(Echo);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("0x80072321", (await ErrorOf(second)).Code);
        var retryAfter = second.Headers.GetValues("Retry-After").Single();
        Assert.Matches(@"^\d+\.\d{1,3}$", retryAfter);
        Assert.InRange(double.Parse(retryAfter, CultureInfo.InvariantCulture), 1, 86.4);
    }

    [Fact]
    public async Task Batch_IsOneRequestWhoseExecutionTimeSumsItsOperations()
    {
        var options = new DataverseEmulatorOptions { TimeScale = 1000, Latency = TimeSpan.FromMilliseconds(100), PerRecordCost = TimeSpan.FromSeconds(1) };
        options.Limits.Window = TimeSpan.FromDays(1);
        await using var server = await FrontDoorServer.StartAsync(options);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/data/v9.2/$batch");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ForObjectId("user-1"));

        using var response = await server.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("--batchresponse--", await response.Content.ReadAsStringAsync());
        Assert.Equal("5999", Header(response, "x-ms-ratelimit-burst-remaining-xrm-requests"));
        Assert.Equal("1,193.90", Header(response, "x-ms-ratelimit-time-remaining-xrm-requests"));
        var caller = server.FrontDoor.Stats.Callers["user-1"];
        Assert.Equal(1, caller.Admitted);
        Assert.Equal(6, caller.Records);
        Assert.Equal(TimeSpan.FromSeconds(6.1), caller.ExecutionTime);
    }

    [Fact]
    public async Task Request_InjectedThrottle_Returns429WithRequestsCodeWithoutReachingTheEndpoint()
    {
        var options = Options();
        options.Faults.ThrottleRate = 1;
        await using var server = await FrontDoorServer.StartAsync(options);

        using var response = await server.GetAsync(Echo);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("0x80072322", (await ErrorOf(response)).Code);
        Assert.Equal(0, server.Reached);
        Assert.Equal(1, server.FrontDoor.Stats.InjectedThrottles);
        Assert.Equal(1, server.FrontDoor.Stats.Throttled);
    }

    [Fact]
    public async Task Request_InjectedUnavailable_Returns503WithErrorJson()
    {
        var options = Options();
        options.Faults.UnavailableRate = 1;
        await using var server = await FrontDoorServer.StartAsync(options);

        using var response = await server.GetAsync(Echo);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("0x80040216", (await ErrorOf(response)).Code);
        Assert.Equal(0, server.Reached);
    }

    [Fact]
    public async Task Request_InjectedTimeout_IsServedButItsAnswerWaitsForTheTimeoutDelay()
    {
        var time = new RecordingTimeProvider();
        var options = Options(time);
        options.Faults.TimeoutRate = 1;
        options.Faults.TimeoutDelay = TimeSpan.FromSeconds(30);
        await using var server = await FrontDoorServer.StartAsync(options);

        var pending = server.GetAsync(Echo + "?records=1");
        await Task.Run(() => time.WaitForTimer(TimeSpan.FromSeconds(30)));

        // The endpoint has run, the answer is held on a clock that stands still.
        Assert.Equal(1, server.Reached);
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, server.FrontDoor.Stats.InjectedTimeouts);
    }

    [Fact]
    public async Task Request_WithExecutionCost_AnswerWaitsForItsExecutionTimeHoldingItsSlot()
    {
        var time = new RecordingTimeProvider();
        var options = Options(time);
        options.TimeScale = 2;
        options.Latency = TimeSpan.FromSeconds(1);
        options.PerRecordCost = TimeSpan.FromSeconds(3);
        await using var server = await FrontDoorServer.StartAsync(options);

        var pending = server.GetAsync(Echo + "?records=3");
        await Task.Run(() => time.WaitForTimer(TimeSpan.FromSeconds(5)));

        // 1 s + 3 × 3 s = 10 s emulated = 5 s real at time scale 2; the request is still in flight meanwhile.
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, server.FrontDoor.Protection.Budget("user-1").InFlight);
        time.Advance(TimeSpan.FromSeconds(5));
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, server.FrontDoor.Protection.Budget("user-1").InFlight);
        Assert.Equal(TimeSpan.FromSeconds(10), server.FrontDoor.Stats.Callers["user-1"].ExecutionTime);
    }

    private static DataverseEmulatorOptions Options(TimeProvider? time = null) =>
        new() { TimeProvider = time ?? new FakeTimeProvider() };

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static async Task<(string Code, string Message)> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }
}
