namespace Connector.Domain.Aging;

/// <summary>
/// The bucket layout given by a list of inclusive upper bounds: <c>Current</c> (≤ 0 days), one bucket
/// per bound, then an open last bucket. With the default bounds: Current, 1–30, 31–60, 61–90, 91–120, 121+.
/// </summary>
public sealed class AgingBuckets
{
    private readonly int[] bounds;

    public AgingBuckets(IReadOnlyList<int> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        this.bounds = [.. bounds];
        var labels = new string[this.bounds.Length + 2];
        var keys = new string[this.bounds.Length + 2];
        labels[0] = "Current";
        keys[0] = "current";
        var lower = 1;
        for (var i = 0; i < this.bounds.Length; i++)
        {
            labels[i + 1] = $"{lower}–{this.bounds[i]}";
            keys[i + 1] = $"d{lower}_{this.bounds[i]}";
            lower = this.bounds[i] + 1;
        }

        labels[^1] = $"{lower}+";
        keys[^1] = $"d{lower}_plus";
        Labels = labels;
        Keys = keys;

        // The bucket of each day count up to the last bound (at most ~10 years), looked up instead of searched for
        // each of a million items.
        var last = this.bounds.Length is 0 or >= byte.MaxValue ? 0 : Math.Clamp(this.bounds[^1], 0, 4_000);
        var dayIndex = new byte[last + 1];
        for (var days = 1; days <= last; days++)
        {
            dayIndex[days] = (byte)IndexOf(days);
        }

        DayIndex = dayIndex;
    }

    /// <summary><see cref="IndexOf"/> of each day count below its length (index 0 unused); beyond it, ask IndexOf.</summary>
    internal byte[] DayIndex { get; }

    public static AgingBuckets Default { get; } = new([30, 60, 90, 120]);

    /// <summary>Number of buckets, Current included.</summary>
    public int Count => bounds.Length + 2;

    /// <summary>Human labels: "Current", "1–30", …, "121+".</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Machine keys: "current", "d1_30", …, "d121_plus".</summary>
    public IReadOnlyList<string> Keys { get; }

    public IReadOnlyList<int> Bounds => bounds;

    /// <summary>The bucket index for a number of days past due (≤ 0 is Current).</summary>
    public int IndexOf(int daysPastDue)
    {
        if (daysPastDue <= 0)
        {
            return 0;
        }

        for (var i = 0; i < bounds.Length; i++)
        {
            if (daysPastDue <= bounds[i])
            {
                return i + 1;
            }
        }

        return bounds.Length + 1;
    }
}
