using System.Globalization;
using Connector.Emulators.Dataverse.Protection;

namespace Connector.Emulators.Tests.Dataverse.Protection;

public sealed class RetryAfterValueTests
{
    [Theory]
    [InlineData(300_000, "300")]
    [InlineData(299_001, "300")]
    [InlineData(200, "1")]
    [InlineData(0, "1")]
    public void Format_RealTime_WholeSecondsRoundedUpAtLeastOne(int milliseconds, string expected) =>
        Assert.Equal(expected, RetryAfterValue.Format(TimeSpan.FromMilliseconds(milliseconds), wholeSeconds: true));

    [Theory]
    [InlineData(250, "0.25")]
    [InlineData(5_000, "5")]
    [InlineData(2_500, "2.5")]
    [InlineData(0, "0.001")]
    public void Format_Scaled_FractionalSecondsToTheMillisecond(int milliseconds, string expected) =>
        Assert.Equal(expected, RetryAfterValue.Format(TimeSpan.FromMilliseconds(milliseconds), wholeSeconds: false));

    [Fact]
    public void Format_Scaled_RoundsUpPartialMilliseconds() =>
        Assert.Equal("0.002", RetryAfterValue.Format(TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond + 1), wholeSeconds: false));

    [Fact]
    public void Format_CommaDecimalCulture_StillUsesAPoint()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("0.25", RetryAfterValue.Format(TimeSpan.FromMilliseconds(250), wholeSeconds: false));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
