using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse.Protection;

/// <summary>
/// The 429s and informational headers as published: api-limits.md's table of codes and messages and a 429 body recorded
/// in a GCC sandbox (service-protection-429.docs.http; fidelity facts item 11), and the rate-limit headers of a live
/// capture (whoami-response-headers.captured.http; item 12).
/// </summary>
public sealed partial class ServiceProtectionFidelityTests
{
    private const string Echo = "/api/data/v9.2/echo";
    private static readonly string Fixture = DataverseFixtures.Read("service-protection-429.docs.http");

    [Theory]
    [InlineData(ProtectionErrorCodes.RequestsExceeded)]
    [InlineData(ProtectionErrorCodes.ExecutionTimeExceeded)]
    [InlineData(ProtectionErrorCodes.ConcurrencyExceeded)]
    public void MessageFor_DocumentedLimits_IsTheTableRowForItsCodeWordForWord(string code)
    {
        var row = DocumentedRows().Single(r => r.Hex == code);

        Assert.Equal(row.Message, ServiceProtection.MessageFor(code, ServiceProtectionLimits.Documented()));
        // The docs give each code as a decimal number too: the hex the body carries is the same HRESULT.
        Assert.Equal(row.Decimal, unchecked((int)uint.Parse(code[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void DocumentedRows_AreTheThreeCodesTheIssueNames()
    {
        Assert.Equal([-2147015902, -2147015903, -2147015898], DocumentedRows().Select(r => r.Decimal).ToArray());
    }

    [Fact]
    public async Task Throttled_EnvironmentWithALimitOf8000_AnswersTheRecordedBodyByteForByte()
    {
        var recorded = Fixture[(Fixture.IndexOf("## GCC sandbox 429 body\n", StringComparison.Ordinal) + 24)..].Trim();
        var options = new DataverseEmulatorOptions { TimeProvider = new FakeTimeProvider() };
        options.Limits.RequestsPerWindow = 8000;
        options.Faults.ThrottleRate = 1; // the 429 an over-limit caller gets, without sending 8,001 requests first
        await using var server = await FrontDoorServer.StartAsync(options);

        using var response = await server.GetAsync(Echo);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(recorded, await response.Content.ReadAsStringAsync());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public void TryEnter_EnvironmentWithALimitOf8000_RejectsRequest8001NamingItsOwnLimit()
    {
        var time = new FakeTimeProvider();
        var protection = new ServiceProtection(new ServiceProtectionLimits { RequestsPerWindow = 8000 }, new EmulatedClock(time, 1));
        for (var i = 0; i < 8000; i++)
        {
            Assert.True(protection.TryEnter("user-1", out var lease, out _));
            lease.Complete(TimeSpan.Zero);
        }

        Assert.False(protection.TryEnter("user-1", out _, out var rejection));
        Assert.Equal("Number of requests exceeded the limit of 8000 over time window of 300 seconds.", rejection.Message);
        Assert.Contains(rejection.Message, Fixture, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_FirstOfAFreshWindow_CarriesTheRateLimitHeadersAsCapturedLive()
    {
        var captured = DataverseFixtures.Read("whoami-response-headers.captured.http");
        await using var server = await FrontDoorServer.StartAsync(new DataverseEmulatorOptions { TimeProvider = new FakeTimeProvider() });

        using var response = await server.GetAsync(Echo);

        foreach (var name in new[] { "x-ms-ratelimit-time-remaining-xrm-requests", "x-ms-ratelimit-burst-remaining-xrm-requests" })
        {
            var printed = Regex.Match(captured, $"^{name}: (?<value>.+)$", RegexOptions.Multiline).Groups["value"].Value.Trim();
            Assert.Equal(printed, response.Headers.GetValues(name).Single()); // 1,200.00 and 5999
        }
    }

    private static List<(int Decimal, string Hex, string Message)> DocumentedRows() =>
        [.. Row().Matches(Fixture).Select(m => (
            int.Parse(m.Groups["dec"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            m.Groups["hex"].Value,
            m.Groups["message"].Value))];

    [GeneratedRegex(@"^\|`(?<dec>-\d+)`\|`(?<hex>0x[0-9A-F]{8})`\|`(?<message>[^`]+)`\|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
