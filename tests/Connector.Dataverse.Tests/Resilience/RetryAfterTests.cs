using System.Globalization;
using System.Net;
using Connector.Http;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Dataverse.Tests.Resilience;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    [Theory]
    [InlineData("7", 7_000)]
    [InlineData("0", 0)]
    [InlineData(" 12 ", 12_000)]
    [InlineData("2.5", 2_500)]
    [InlineData("0.25", 250)]
    public void Parse_Seconds_ReturnsThatWait(string header, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RetryAfter.Parse(header, Now));

    [Fact]
    public void Parse_FractionUnderGermanCulture_ReadsInvariantDecimalPoint()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal(TimeSpan.FromSeconds(1.5), RetryAfter.Parse("1.5", Now));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Parse_HttpDateInTheFuture_ReturnsTimeUntilThen() =>
        Assert.Equal(TimeSpan.FromSeconds(37), RetryAfter.Parse("Sat, 14 Mar 2026 09:27:30 GMT", Now));

    [Fact]
    public void Parse_HttpDateInThePast_ReturnsZero() =>
        Assert.Equal(TimeSpan.Zero, RetryAfter.Parse("Sat, 14 Mar 2026 09:00:00 GMT", Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1,5")]
    public void Parse_MissingOrUnreadable_ReturnsNull(string? header) => Assert.Null(RetryAfter.Parse(header, Now));

    [Fact]
    public void From_ResponseWithFractionalHeader_KeepsTheFraction()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "0.75");
        Assert.Equal(TimeSpan.FromMilliseconds(750), RetryAfter.From(response.Headers, new FakeTimeProvider(Now)));
    }

    [Fact]
    public void From_ResponseWithDate_MeasuresAgainstTheTimeProvider()
    {
        var time = new FakeTimeProvider(Now);
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", "Sat, 14 Mar 2026 09:28:53 GMT");
        Assert.Equal(TimeSpan.FromMinutes(2), RetryAfter.From(response.Headers, time));
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(TimeSpan.Zero, RetryAfter.From(response.Headers, time));
    }

    [Fact]
    public void From_ResponseWithoutHeader_ReturnsNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        Assert.Null(RetryAfter.From(response.Headers, new FakeTimeProvider(Now)));
    }
}
