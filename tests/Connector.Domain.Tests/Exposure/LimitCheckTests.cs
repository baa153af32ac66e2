using Connector.Domain.Exposure;

namespace Connector.Domain.Tests.Exposure;

public sealed class LimitCheckTests
{
    [Theory]
    [InlineData(50_000, 49_999.99, 0, false)]
    [InlineData(50_000, 50_000.00, 0, false)] // equal to the limit is within
    [InlineData(50_000, 50_000.01, 0, true)] // one cent over
    [InlineData(50_000, 55_000.00, 10, false)] // at limit × 1.10
    [InlineData(50_000, 55_000.01, 10, true)]
    [InlineData(0, 0, 0, false)] // no credit, nothing owed
    [InlineData(0, 0.01, 0, true)] // no credit: any exposure is over, tolerance or not
    [InlineData(0, 0.01, 10, true)]
    [InlineData(0, -20, 0, false)] // prepaid
    public void IsOver_AroundTheThreshold_IsStrictlyAbove(double limit, double exposure, double tolerance, bool expected)
    {
        var check = new LimitCheck((decimal)limit, (decimal)exposure, (decimal)tolerance);

        Assert.Equal(expected, check.IsOver);
    }

    [Fact]
    public void IsOver_NoLimit_NeverOver()
    {
        var check = new LimitCheck(null, 1_000_000_000m, 0m);

        Assert.False(check.IsOver);
        Assert.Null(check.Available);
        Assert.Null(check.Threshold);
    }

    [Fact]
    public void Available_UnderAndOverTheLimit_IsHeadroomNeverNegative()
    {
        Assert.Equal(8_800m, new LimitCheck(50_000m, 41_200m, 10m).Available);
        Assert.Equal(0m, new LimitCheck(50_000m, 61_200m, 0m).Available);
        Assert.Equal(55_000m, new LimitCheck(50_000m, 0m, 10m).Threshold);
    }
}
