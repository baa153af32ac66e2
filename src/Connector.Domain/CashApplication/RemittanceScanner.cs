namespace Connector.Domain.CashApplication;

/// <summary>
/// Finds what may be invoice numbers in a remittance text, in one pass without allocating.
/// <list type="bullet">
/// <item>A number is a run of digits; runs joined by a single '-' or '/' form one number ("2026-0045"),
/// whose parts are also tried on their own.</item>
/// <item>Amounts ("1,500.00", "1.500,00", "1,500") and dates ("2026-06-30", "30.06.2026") are skipped, as are
/// digits glued to a following letter ("2nd", "5pcs") and a bare number equal to the payment amount.</item>
/// <item>A token is <em>strong</em> (good enough to identify an unknown payer) when a prefix is glued to it
/// ("INV-123", "INV123", "#123"), a word such as "invoice", "inv", "no", "ref" precedes it, it keeps leading
/// zeros ("000123") or its key has at least 6 characters.</item>
/// </list>
/// </summary>
internal static class RemittanceScanner
{
    private const int MaxRuns = 8;

    public static void Scan(string? text, decimal paymentAmount, RemittanceTokens into)
    {
        into.Clear();
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Span<int> starts = stackalloc int[MaxRuns];
        Span<int> ends = stackalloc int[MaxRuns];
        Span<char> joiners = stackalloc char[MaxRuns];
        Span<char> key = stackalloc char[InvoiceNumber.MaxKeyLength];
        var chain = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var runs = 0;
            var j = i;
            while (true)
            {
                var start = j;
                while (j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    j++;
                }

                if (runs < MaxRuns)
                {
                    starts[runs] = start;
                    ends[runs] = j;
                    runs++;
                }

                if (runs < MaxRuns && j + 1 < text.Length && IsJoiner(text[j]) && char.IsAsciiDigit(text[j + 1]))
                {
                    joiners[runs - 1] = text[j];
                    j++;
                    continue;
                }

                break;
            }

            var end = j;
            i = end;
            if ((end < text.Length && char.IsLetter(text[end]))
                || IsDate(starts[..runs], ends[..runs], joiners[..Math.Max(0, runs - 1)])
                || IsAmount(starts[..runs], ends[..runs], joiners[..Math.Max(0, runs - 1)]))
            {
                continue;
            }

            // Split at '.' and ',' into numbers whose runs are joined by '-' or '/'.
            var first = 0;
            for (var r = 0; r < runs; r++)
            {
                var last = r == runs - 1 || joiners[r] is '.' or ',';
                if (!last)
                {
                    continue;
                }

                AddChain(text, starts[first..(r + 1)], ends[first..(r + 1)], paymentAmount, key, chain++, into);
                first = r + 1;
            }
        }
    }

    private static void AddChain(string text, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, decimal paymentAmount, Span<char> key, int chain, RemittanceTokens into)
    {
        var strongPrefix = HasStrongPrefix(text, starts[0]);
        var leadingZeros = false;
        var length = 0;
        for (var r = 0; r < starts.Length; r++)
        {
            var run = text.AsSpan(starts[r], ends[r] - starts[r]);
            leadingZeros |= run.Length > 1 && run[0] == '0';
            foreach (var ch in run)
            {
                if ((length == 0 && ch == '0') || length == key.Length)
                {
                    continue;
                }

                key[length++] = ch;
            }
        }

        if (length == 0)
        {
            return;
        }

        var rawStart = starts[0];
        var rawLength = ends[^1] - rawStart;
        if (!strongPrefix && !leadingZeros && starts.Length == 1 && length <= 18
            && long.TryParse(key[..length], out var value) && value == paymentAmount)
        {
            return; // "1500" in the text of a 1,500.00 payment is the amount, not an invoice.
        }

        into.Add(key[..length], rawStart, rawLength, chain, isPart: false, strongPrefix || leadingZeros || length >= 6);
        if (starts.Length == 1)
        {
            return;
        }

        for (var r = 0; r < starts.Length; r++)
        {
            var run = text.AsSpan(starts[r], ends[r] - starts[r]);
            var zeros = run.Length > 1 && run[0] == '0';
            var trimmed = run.TrimStart('0');
            if (trimmed.Length > 0 && trimmed.Length <= key.Length)
            {
                into.Add(trimmed, starts[r], run.Length, chain, isPart: true, strongPrefix || zeros || trimmed.Length >= 6);
            }
        }
    }

    private static bool IsJoiner(char ch) => ch is '-' or '/' or '.' or ',';

    /// <summary>"2026-06-30", "30.06.2026", "6/30/26".</summary>
    private static bool IsDate(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, ReadOnlySpan<char> joiners)
    {
        if (starts.Length != 3 || joiners[0] != joiners[1] || joiners[0] == ',')
        {
            return false;
        }

        int a = ends[0] - starts[0], b = ends[1] - starts[1], c = ends[2] - starts[2];
        var yearFirst = a == 4 && b is 1 or 2 && c is 1 or 2;
        var yearLast = a is 1 or 2 && b is 1 or 2 && c is 2 or 4;
        return yearFirst || yearLast;
    }

    /// <summary>"1500.00", "1,500.00", "1.500,00", "1,500" (but not "123.456.789.0").</summary>
    private static bool IsAmount(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, ReadOnlySpan<char> joiners)
    {
        if (starts.Length < 2)
        {
            return false;
        }

        foreach (var joiner in joiners)
        {
            if (joiner is not ('.' or ','))
            {
                return false;
            }
        }

        var lastLength = ends[^1] - starts[^1];
        var groups = lastLength == 2 ? starts.Length - 1 : starts.Length; // runs before the decimals
        if (lastLength == 2 && groups == 1)
        {
            return true; // "1500.00"
        }

        if (ends[0] - starts[0] > 3)
        {
            return false;
        }

        for (var r = 1; r < groups; r++)
        {
            if (ends[r] - starts[r] != 3)
            {
                return false;
            }
        }

        return lastLength is 2 or 3;
    }

    /// <summary>A prefix glued to the number ("INV-123", "INV#123") or a telling word before it ("Invoice 123", "No. 123").</summary>
    private static bool HasStrongPrefix(string text, int numberStart)
    {
        var k = numberStart - 1;
        if (k >= 0 && (char.IsLetter(text[k]) || text[k] == '#'))
        {
            return true;
        }

        var skipped = 0;
        var sawSpace = false;
        while (k >= 0 && skipped < 3 && text[k] is ' ' or '-' or ':' or '.' or '_' or '/' or '#' or '\t')
        {
            sawSpace |= text[k] is ' ' or '\t';
            if (text[k] == '#')
            {
                return true;
            }

            k--;
            skipped++;
        }

        if (k < 0 || !char.IsLetter(text[k]))
        {
            return false;
        }

        if (!sawSpace)
        {
            return true; // "INV-123", "inv.123"
        }

        var wordEnd = k + 1;
        while (k >= 0 && char.IsLetter(text[k]))
        {
            k--;
        }

        var word = text.AsSpan(k + 1, wordEnd - k - 1);
        if (word.Length > 12)
        {
            return false;
        }

        Span<char> lower = stackalloc char[12];
        var length = word.ToLowerInvariant(lower);
        return lower[..length] is "inv" or "invoice" or "invoices" or "invc" or "rechnung" or "rechnungen" or "rg"
            or "re" or "rech" or "nr" or "no" or "num" or "number" or "facture" or "fact" or "factura" or "fattura"
            or "bill" or "ref" or "doc" or "document";
    }
}
