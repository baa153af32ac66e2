using System.Net;
using Connector.Dataverse.Tests.Support;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Tests.WebApi;

/// <summary>
/// The request id a support case needs, read from an answer with its headers repeated as a real one repeats them:
/// tests/fixtures/dataverse/whoami-response-headers.captured.http (fidelity facts item 12).
/// </summary>
public sealed class RequestIdTests
{
    [Fact]
    public void ReadRequestId_CapturedAnswerWithTwoServiceRequestIds_IsTheOneReqIdRepeats()
    {
        using var response = Captured(DataverseFixtures.Read("whoami-response-headers.captured.http"));

        Assert.Equal("1ee13aa7-47f3-4a75-95fa-2916775a1f79", DataverseException.ReadRequestId(response));
    }

    [Fact]
    public void ReadRequestId_OnlyRepeatedServiceRequestIds_IsTheLast()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("x-ms-service-request-id", "7341c0c1-3343-430b-98ea-292567ed4776");
        response.Headers.TryAddWithoutValidation("x-ms-service-request-id", "1ee13aa7-47f3-4a75-95fa-2916775a1f79");

        Assert.Equal("1ee13aa7-47f3-4a75-95fa-2916775a1f79", DataverseException.ReadRequestId(response));
    }

    [Fact]
    public async Task FromResponseAsync_ThrottledAnswerWithRepeatedHeaders_NamesTheReqIdAndTheCodeAndKeepsTheLimitAsSent()
    {
        using var response = Captured(DataverseFixtures.Read("whoami-response-headers.captured.http"));
        response.StatusCode = HttpStatusCode.TooManyRequests;
        response.Content = new StringContent("{\"error\":{\"code\":\"0x80072322\",\"message\":\"Number of requests exceeded the limit of\\n8000 over time window of 300 seconds.\"}}");

        var exception = await DataverseException.FromResponseAsync(response, CancellationToken.None);

        Assert.Equal((429, "0x80072322", "1ee13aa7-47f3-4a75-95fa-2916775a1f79"), (exception.StatusCode, exception.ErrorCode, exception.RequestId));
        Assert.True(exception.IsTransient);
        Assert.Contains("8000 over time window of 300 seconds", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>The status line and headers of a captured answer, each header line added as it is (repeats kept).</summary>
    private static HttpResponseMessage Captured(string http)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(string.Empty) };
        foreach (var line in http.ReplaceLineEndings("\n").Split('\n').Skip(1).TakeWhile(static l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }
}
