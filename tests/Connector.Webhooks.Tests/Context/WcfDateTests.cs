using Connector.Webhooks.Context;

namespace Connector.Webhooks.Tests.Context;

public sealed class WcfDateTests
{
    [Theory]
    [InlineData("/Date(1700000000000)/", 1_700_000_000_000L, 0)]
    [InlineData("/Date(1506409448000-0700)/", 1_506_409_448_000L, -420)]
    [InlineData("/Date(1506409448000+0130)/", 1_506_409_448_000L, 90)]
    [InlineData("/Date(-1000)/", -1000L, 0)]
    public void TryParse_WcfDate_ReadsTheUtcInstantAndOffset(string text, long millis, int offsetMinutes)
    {
        Assert.True(WcfDate.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(millis), value);
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), value.Offset);
    }

    [Theory]
    [InlineData("2026-06-30T08:00:00Z")]
    [InlineData("/Date()/")]
    [InlineData("/Date(abc)/")]
    [InlineData("/Date(1700000000000-07)/")]
    [InlineData("/Date(1700000000000+2500)/")]
    [InlineData("/Date(99999999999999999999)/")]
    [InlineData("/Date(1700000000000)")]
    public void TryParse_NotAWcfDate_IsPlainText(string text)
    {
        Assert.False(WcfDate.TryParse(text, out _));
    }
}
