using System.Globalization;

namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Formats <c>Retry-After</c>. At time scale 1 it is whole seconds, rounded up and at least 1, as Dataverse sends it.
/// At any other time scale a whole second would be far too coarse (at 60× one real second is a minute of emulated
/// time), so the value is fractional seconds in invariant culture, rounded up to the millisecond (e.g. <c>0.25</c>);
/// RFC 9110 only allows an integer there, so a client must accept a decimal when it talks to a scaled emulator.
/// </summary>
public static class RetryAfterValue
{
    public static string Format(TimeSpan realDelay, bool wholeSeconds)
    {
        var ticks = Math.Max(0, realDelay.Ticks);
        if (wholeSeconds)
        {
            var seconds = Math.Max(1, CeilingDivide(ticks, TimeSpan.TicksPerSecond));
            return seconds.ToString(CultureInfo.InvariantCulture);
        }

        var milliseconds = Math.Max(1, CeilingDivide(ticks, TimeSpan.TicksPerMillisecond));
        return (milliseconds / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
    }

    private static long CeilingDivide(long value, long divisor) => (value + divisor - 1) / divisor;
}
