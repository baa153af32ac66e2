using System.Text;

namespace Connector.Domain.CashApplication;

/// <summary>
/// Normalised payer names: lower case, punctuation dropped, dotted initials joined ("L.L.C." → "llc"),
/// legal forms at the end dropped ("Acme Trading GmbH &amp; Co. KG" → "acme trading"), a leading "the" dropped.
/// A customer is recognised when its whole normalised name appears as consecutive words of the text.
/// </summary>
public static class PayerNames
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "ltd", "limited", "gmbh", "mbh", "inc", "incorporated", "llc", "llp", "lp", "corp", "corporation", "co", "company",
        "plc", "ag", "kg", "kgaa", "ohg", "ug", "eg", "ev", "sa", "sas", "sarl", "srl", "spa", "sl", "bv", "nv", "oy", "oyj",
        "ab", "as", "asa", "aps", "pty", "pte", "kk", "se", "and",
    };

    /// <summary>The normalised name, words separated by one space; empty when nothing distinctive is left.</summary>
    public static string Normalise(string? name)
    {
        var words = Words(name);
        var end = words.Count;
        while (end > 0 && LegalForms.Contains(words[end - 1]))
        {
            end--;
        }

        var start = end > 0 && words[0] == "the" ? 1 : 0;
        return string.Join(' ', words.Skip(start).Take(end - start));
    }

    /// <summary>Lower-case words of letters and digits, with runs of single letters joined ("s.a." → "sa").</summary>
    internal static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var word = new StringBuilder();
        var initials = new StringBuilder();
        void Flush()
        {
            if (word.Length == 1)
            {
                initials.Append(word[0]);
            }
            else if (word.Length > 1)
            {
                FlushInitials();
                words.Add(word.ToString());
            }

            word.Clear();
        }

        void FlushInitials()
        {
            if (initials.Length > 0)
            {
                words.Add(initials.ToString());
                initials.Clear();
            }
        }

        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(char.ToLowerInvariant(ch));
            }
            else if (ch == '&')
            {
                Flush();
                FlushInitials();
                words.Add("and");
            }
            else
            {
                Flush();
            }
        }

        Flush();
        FlushInitials();
        return words;
    }
}

/// <summary>
/// Finds customers by normalised name in a text: every run of consecutive text words (up to the longest
/// name) is looked up whole, so the cost depends on the text, not on how many customers share a first word.
/// </summary>
internal sealed class PayerNameIndex
{
    private readonly Dictionary<string, List<int>> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly int maxWords;

    public PayerNameIndex(IReadOnlyList<string?> customerNames)
    {
        for (var c = 0; c < customerNames.Count; c++)
        {
            var normalised = PayerNames.Normalise(customerNames[c]);
            if (normalised.Length < 3)
            {
                continue; // too short to tell a payer from a word
            }

            if (!byName.TryGetValue(normalised, out var list))
            {
                byName[normalised] = list = [];
            }

            list.Add(c);
            maxWords = Math.Max(maxWords, normalised.Count(static ch => ch == ' ') + 1);
        }

        lookup = byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// The customers whose names appear in <paramref name="text"/>; a name inside a longer matched name
    /// ("Acme" inside "Acme Industries") does not count.
    /// </summary>
    public List<int> Find(string? text)
    {
        if (byName.Count == 0 || string.IsNullOrEmpty(text))
        {
            return [];
        }

        var words = PayerNames.Words(text);
        var found = new List<(int Customer, int Start, int End)>();
        var buffer = new char[text.Length + 1];
        for (var i = 0; i < words.Count; i++)
        {
            var length = 0;
            for (var k = i; k < words.Count && k - i < maxWords; k++)
            {
                if (k > i)
                {
                    buffer[length++] = ' ';
                }

                if (length + words[k].Length > buffer.Length)
                {
                    break;
                }

                words[k].CopyTo(buffer.AsSpan(length));
                length += words[k].Length;
                if (lookup.TryGetValue(buffer.AsSpan(0, length), out var customers))
                {
                    foreach (var c in customers)
                    {
                        found.Add((c, i, k + 1));
                    }
                }
            }
        }

        var result = new List<int>();
        foreach (var a in found)
        {
            var inside = false;
            foreach (var b in found)
            {
                inside |= b.End - b.Start > a.End - a.Start && b.Start <= a.Start && a.End <= b.End;
            }

            if (!inside && !result.Contains(a.Customer))
            {
                result.Add(a.Customer);
            }
        }

        return result;
    }
}
