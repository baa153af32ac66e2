namespace Connector.Settings;

/// <summary>
/// "Did you mean …?" for a mistyped command, option or settings section: the candidates within two edits
/// (Damerau-Levenshtein, a swap of neighbours counting as one) or that start with what was typed. Nothing is
/// suggested when nothing is close, so a hint is never a guess.
/// </summary>
public static class Suggestions
{
    private const int MaxDistance = 2;
    private const int MaxShown = 3;

    /// <summary>The closest candidates (all equally close, at most three), compared case-insensitively.</summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(candidates);
        var scored = new List<(string Candidate, int Score)>();
        foreach (var candidate in candidates.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (Score(typed, candidate) is { } score)
            {
                scored.Add((candidate, score));
            }
        }

        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(static s => s.Score);
        return [.. scored.Where(s => s.Score == best).Select(static s => s.Candidate).Order(StringComparer.Ordinal).Take(MaxShown)];
    }

    /// <summary><c>did you mean 'report'?</c> (or <c>'cash' or 'push'</c>); empty when nothing is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates) => DidYouMean(Closest(typed, candidates));

    /// <summary>The question for candidates already chosen by <see cref="Closest"/>.</summary>
    public static string DidYouMean(IReadOnlyList<string> closest)
    {
        ArgumentNullException.ThrowIfNull(closest);
        return closest switch
        {
            [] => string.Empty,
            [var one] => $"did you mean '{one}'?",
            _ => $"did you mean {string.Join(", ", closest.SkipLast(1).Select(static s => $"'{s}'"))} or '{closest[^1]}'?",
        };
    }

    /// <summary>Edits from <paramref name="typed"/> to <paramref name="candidate"/> when close enough (1 for a prefix); else <c>null</c>.</summary>
    private static int? Score(string typed, string candidate)
    {
        var a = typed.ToLowerInvariant();
        var b = candidate.ToLowerInvariant();
        if (a == b)
        {
            return 0;
        }

        // "rep" → report, "allow" → allowance, as close as one edit ("form": format or from?); one letter says too little.
        if (a.Length >= 2 && b.StartsWith(a, StringComparison.Ordinal))
        {
            return 1;
        }

        // Two edits are a lot for a short word ("rpt" is two from "run"): one edit up to five letters, two from six.
        var distance = Distance(a, b);
        return distance <= Math.Clamp(a.Length / 3, 1, MaxDistance) && distance < a.Length ? distance : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
