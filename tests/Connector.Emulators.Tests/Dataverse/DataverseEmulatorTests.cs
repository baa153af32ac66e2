using System.Net;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Tests.Dataverse;

public sealed class DataverseEmulatorTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensOnTheActualPortAndServesWhoAmI()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync("WhoAmI");

        Assert.NotEqual(0, dv.Emulator.BaseAddress.Port);
        Assert.Equal(new Uri(dv.Emulator.BaseAddress, "api/data/v9.2/"), dv.Emulator.ApiUrl);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var user = Guid.Parse(result.Json["UserId"]!.GetValue<string>());
        Assert.NotEqual(dv.Environment.SystemUserId, user);
        Assert.NotNull(dv.Environment.Record("systemuser", user));
        Assert.Equal(dv.Environment.OrganizationId, Guid.Parse(result.Json["OrganizationId"]!.GetValue<string>()));
        Assert.Equal(dv.Environment.BusinessUnitId, Guid.Parse(result.Json["BusinessUnitId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("accounts?$select=name")]
    [InlineData("foos")]
    [InlineData("accounts(00000000-0000-0000-0000-000000000001)")]
    public async Task AnyResponse_CarriesRequestIdAndODataVersion(string path)
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync(path);

        Assert.True(Guid.TryParse(result.Header("REQ_ID"), out _));
        Assert.Equal("4.0", result.Header("OData-Version"));
    }

    /// <summary>The header repetitions of a real answer: tests/fixtures/dataverse/whoami-response-headers.captured.http (fidelity facts item 12).</summary>
    [Fact]
    public async Task AnyResponse_RepeatsHeadersAsTheCapturedAnswerDoes()
    {
        var captured = CapturedHeaders(DataverseFixtures.Read("whoami-response-headers.captured.http"));
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync("WhoAmI");

        var requestIds = result.Headers.GetValues("x-ms-service-request-id").ToList();
        Assert.Equal(captured["x-ms-service-request-id"].Count, requestIds.Count);
        Assert.Equal(captured["x-ms-service-request-id"][^1] == captured["REQ_ID"][0], requestIds[^1] == result.Header("REQ_ID"));
        Assert.NotEqual(requestIds[0], requestIds[1]);
        var affinity = result.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("ARRAffinity=", StringComparison.Ordinal)).ToList();
        Assert.Equal(captured["Set-Cookie"].Count(c => c.StartsWith("ARRAffinity=", StringComparison.Ordinal)), affinity.Count);
        Assert.All(affinity, c => Assert.EndsWith("; path=/; secure; HttpOnly", c, StringComparison.Ordinal));
        Assert.Equal(captured["X-Source"].Count, result.Headers.GetValues("X-Source").Count());
        Assert.Matches(@"^\d{1,3}(,\d{3})*\.\d\d$", captured["x-ms-ratelimit-time-remaining-xrm-requests"][0]);
        Assert.Matches(@"^\d{1,3}(,\d{3})*\.\d\d$", result.Header("x-ms-ratelimit-time-remaining-xrm-requests") ?? "");
    }

    private static Dictionary<string, List<string>> CapturedHeaders(string http)
    {
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in http.ReplaceLineEndings("\n").Split('\n').Skip(1).TakeWhile(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            if (!headers.TryGetValue(name, out var values))
            {
                headers[name] = values = [];
            }

            values.Add(line[(colon + 1)..].Trim());
        }

        return headers;
    }

    [Fact]
    public async Task NoBearerToken_FrontDoorAnswers401WithRequestId()
    {
        await using var dv = await RunningEmulator.StartAsync();
        using var anonymous = new HttpClient();

        using var response = await anonymous.GetAsync(new Uri(dv.Emulator.ApiUrl, "WhoAmI"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(response.Headers.Contains("x-ms-service-request-id"));
        Assert.Equal(0, dv.Environment.Requests.Total);
    }

    [Fact]
    public async Task UnknownEntitySet_Returns404InTheErrorShape()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync("foos?$select=name");

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal(ErrorCodes.ODataRequest, result.ErrorCode);
        Assert.Equal("Resource not found for the segment 'foos'.", result.ErrorMessage);
        Assert.StartsWith("application/json", result.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherV9ApiVersion_IsServedWithItsOwnServiceRoot()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync(new Uri(dv.Emulator.BaseAddress, "api/data/v9.1/accounts").ToString(), """{"name":"x"}""");

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        Assert.StartsWith($"{dv.Emulator.BaseAddress}api/data/v9.1/accounts(", result.Header("OData-EntityId"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_AreCountedPerKind()
    {
        await using var dv = await RunningEmulator.StartAsync();

        await dv.PostAsync("accounts", """{"name":"x"}""");
        await dv.PatchAsync("accounts(accountnumber='A-1')", """{"name":"y"}""");
        await dv.GetAsync("accounts?$select=name");

        Assert.Equal(3, dv.Environment.Requests.Total);
        Assert.Equal(1, dv.Environment.Requests.Of(RequestKinds.Create));
        Assert.Equal(1, dv.Environment.Requests.Of(RequestKinds.Upsert));
        Assert.Equal(1, dv.Environment.Requests.Of(RequestKinds.Query));
    }

    [Fact]
    public async Task Describe_NamesLimitsLatencyAndFaults()
    {
        await using var dv = await RunningEmulator.StartAsync(o =>
        {
            o.Latency = TimeSpan.FromMilliseconds(20);
            o.Faults.ThrottleRate = 0.01;
        });

        var text = dv.Emulator.Describe();

        Assert.Contains("6000 requests", text, StringComparison.Ordinal);
        Assert.Contains("52 concurrent", text, StringComparison.Ordinal);
        Assert.Contains("20 ms latency", text, StringComparison.Ordinal);
        Assert.Contains("429 1%", text, StringComparison.Ordinal);
        Assert.Contains("$batch up to 1000 operations", text, StringComparison.Ordinal);
        Assert.Contains(dv.Emulator.ApiUrl.ToString(), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsListening()
    {
        var emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), CancellationToken.None);
        await using (emulator)
        {
            using var cancellation = new CancellationTokenSource();
            var running = emulator.RunAsync(cancellation.Token);
            await cancellation.CancelAsync();
            await running;

            using var http = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(emulator.ApiUrl, "WhoAmI")));
        }
    }

    [Fact]
    public async Task Observer_TwoBulkUpserts_SeesEachReceivedExecutedWithTheWriteAppliedThenAnswered()
    {
        var seen = new List<(ObservedRequest Request, int Accounts)>();
        DataverseEnvironment? environment = null;
        await using var dv = await RunningEmulator.StartAsync(o => o.Observer = request =>
        {
            lock (seen)
            {
                seen.Add((request, environment?.Count("account") ?? -1));
            }
        });
        environment = dv.Environment;
        const string Body = """{"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='C-{0}')","name":"N"}]}""";

        await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", Body.Replace("{0}", "1", StringComparison.Ordinal));
        await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", Body.Replace("{0}", "2", StringComparison.Ordinal));
        await dv.GetAsync("WhoAmI");

        (ObservedRequest, int)[] expected =
        [
            (new(RequestPhase.Received, "POST", RequestKinds.Bulk, "accounts", 1, null), 0),
            (new(RequestPhase.Executed, "POST", RequestKinds.Bulk, "accounts", 1, 204), 1),
            (new(RequestPhase.Answered, "POST", RequestKinds.Bulk, "accounts", 1, 204), 1),
            (new(RequestPhase.Received, "POST", RequestKinds.Bulk, "accounts", 2, null), 1),
            (new(RequestPhase.Executed, "POST", RequestKinds.Bulk, "accounts", 2, 204), 2),
            (new(RequestPhase.Answered, "POST", RequestKinds.Bulk, "accounts", 2, 204), 2),
        ];
        lock (seen)
        {
            // Within one request the phases come in order; an answer may be observed after the client sent its next request.
            Assert.Equal(expected, seen.Where(s => s.Request.Kind == RequestKinds.Bulk).OrderBy(s => s.Request.Ordinal));
            Assert.Contains(seen, s => s.Request == new ObservedRequest(RequestPhase.Executed, "GET", RequestKinds.Action, null, 1, 200));
        }
    }
}
