using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Tests.WebApi;

public sealed class DataverseErrorTests
{
    [Fact]
    public void Parse_ODataError_ReadsCodeAndMessage()
    {
        var error = DataverseError.Parse("""{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}""");

        Assert.Equal(("0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds."), (error.Code, error.Message));
    }

    [Fact]
    public void Parse_ErrorWithObsoleteInnerError_IgnoresIt() =>
        Assert.Equal("0x80040216", DataverseError.Parse("""{"error":{"code":"0x80040216","message":"dup","innererror":{"message":"stack"}}}""").Code);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("""{"value":[]}""")]
    [InlineData("""{"error":"text"}""")]
    public void Parse_NotAnODataError_ReturnsNone(string? body) => Assert.Same(DataverseError.None, DataverseError.Parse(body));

    [Fact]
    public void FromAnswer_TransientStatus_IsTransientAndSaysEverything()
    {
        var exception = DataverseException.FromAnswer("PATCH accounts(accountnumber='C-1')", 429, "Too Many Requests", new DataverseError("0x80072322", "Number of requests exceeded"), "5a3b-req");

        Assert.True(exception.IsTransient);
        Assert.Equal((429, "0x80072322", "5a3b-req"), (exception.StatusCode, exception.ErrorCode, exception.RequestId));
        Assert.Equal("Dataverse answered 429 Too Many Requests to PATCH accounts(accountnumber='C-1'): 0x80072322 Number of requests exceeded (request id 5a3b-req)", exception.Message);
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(412, false)]
    [InlineData(500, false)]
    [InlineData(408, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    public void IsTransientStatus_Status_MatchesWhatARetryCanFix(int status, bool transient) =>
        Assert.Equal(transient, DataverseException.IsTransientStatus(status));
}
