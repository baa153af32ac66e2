using System.Globalization;

namespace Connector.Domain.Collections;

/// <summary>
/// The age weights compiled from their keys (<c>current</c>, <c>d1_30</c>, …, <c>d121_plus</c>) into
/// contiguous day ranges, so that the score looks a weight up without parsing. Public for the policy's validator (the keys must cover every day).
/// </summary>
public sealed class AgeBands
{
    private readonly int[] uppers;   // inclusive upper bound; int.MaxValue for the open last band
    private readonly decimal[] weights;
    private readonly string[] labels;

    private AgeBands(int[] uppers, decimal[] weights, string[] labels)
    {
        this.uppers = uppers;
        this.weights = weights;
        this.labels = labels;
    }

    /// <summary>The band of <paramref name="daysPastDue"/>: its weight and its label ("31–60").</summary>
    public (decimal Weight, string Label) Find(int daysPastDue)
    {
        for (var i = 0; i < uppers.Length; i++)
        {
            if (daysPastDue <= uppers[i])
            {
                return (weights[i], labels[i]);
            }
        }

        return (weights[^1], labels[^1]);
    }

    public static bool TryParse(IReadOnlyDictionary<string, decimal> weightsByKey, out AgeBands? bands, out string? error)
    {
        bands = null;
        error = null;
        var parsed = new List<(int Lower, int Upper, decimal Weight, string Label)>(weightsByKey.Count);
        foreach (var (key, weight) in weightsByKey)
        {
            if (string.Equals(key, "current", StringComparison.OrdinalIgnoreCase))
            {
                parsed.Add((int.MinValue, 0, weight, "Current"));
                continue;
            }

            var parts = key.Length > 1 && key[0] is 'd' or 'D' ? key[1..].Split('_') : [];
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var lower))
            {
                error = $"has a key '{key}' that is not a bucket such as current, d1_30 or d121_plus";
                return false;
            }

            if (string.Equals(parts[1], "plus", StringComparison.OrdinalIgnoreCase))
            {
                parsed.Add((lower, int.MaxValue, weight, $"{lower}+"));
            }
            else if (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var upper) && upper >= lower)
            {
                parsed.Add((lower, upper, weight, $"{lower}–{upper}"));
            }
            else
            {
                error = $"has a key '{key}' that is not a bucket such as current, d1_30 or d121_plus";
                return false;
            }
        }

        parsed.Sort(static (a, b) => a.Lower.CompareTo(b.Lower));
        const string Cover = "must cover every day without gaps or overlaps: current, d1_N, …, dM_plus";
        if (parsed.Count < 2 || parsed[0].Lower != int.MinValue || parsed[^1].Upper != int.MaxValue)
        {
            error = Cover;
            return false;
        }

        for (var i = 1; i < parsed.Count; i++)
        {
            if (parsed[i].Lower != parsed[i - 1].Upper + 1)
            {
                error = Cover;
                return false;
            }
        }

        bands = new AgeBands(
            [.. parsed.Select(static p => p.Upper)],
            [.. parsed.Select(static p => p.Weight)],
            [.. parsed.Select(static p => p.Label)]);
        return true;
    }
}
