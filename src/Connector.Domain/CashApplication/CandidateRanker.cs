using System.Runtime.CompilerServices;
using Connector.Domain.Ledger;

namespace Connector.Domain.CashApplication;

/// <summary>
/// Scores the invoices a person should look at for an unmatched payment:
/// 0.50 × reference similarity (1 when the text names the invoice, 0.6 when a number in the text is one
/// character off or has two characters swapped) + 0.35 × amount closeness (1 − |payment − open| / larger)
/// + 0.15 × date proximity (30 / (30 + days between due date and payment date)).
/// </summary>
internal sealed class CandidateRanker
{
    private const decimal ReferenceWeight = 0.50m;
    private const decimal AmountWeight = 0.35m;
    private const decimal DateWeight = 0.15m;

    // Reused from one payment to the next (one ranker per run).
    private readonly HashSet<int> seen = [];
    private readonly List<(decimal Score, int Invoice, int Token, decimal Reference)> scored = [];

    public List<MatchCandidate> Rank(InvoiceBook book, List<int> pool, Payment payment, decimal amount, RemittanceTokens tokens, int max)
    {
        // Score everything cheaply first; words are only written for the few that are shown.
        seen.Clear();
        scored.Clear();
        foreach (var i in pool)
        {
            if (seen.Add(i) && book.Remaining[i] > 0m)
            {
                var (reference, token) = ReferenceSimilarity(book.Invoices[i].Id, tokens);
                var score = ReferenceWeight * reference + AmountWeight * Closeness(book.Remaining[i], amount) + DateWeight * Proximity(book.Invoices[i], payment);
                scored.Add((Math.Round(score, 3, MidpointRounding.ToEven), i, token, reference));
            }
        }

        scored.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : a.Invoice.CompareTo(b.Invoice);
        });

        var result = new List<MatchCandidate>(Math.Min(max, scored.Count));
        for (var k = 0; k < scored.Count && k < max; k++)
        {
            var (score, i, token, reference) = scored[k];
            result.Add(Describe(book, i, payment, amount, tokens, token, reference, score));
        }

        return result;
    }

    private static (decimal Similarity, int Token) ReferenceSimilarity(string invoiceId, RemittanceTokens tokens)
    {
        Span<char> buffer = stackalloc char[InvoiceNumber.MaxKeyLength];
        var key = buffer[..InvoiceNumber.Normalise(invoiceId, buffer)];
        var best = (0m, -1);
        for (var t = 0; t < tokens.Count && key.Length > 0; t++)
        {
            var tokenKey = tokens.Key(tokens[t]);
            if (tokenKey.SequenceEqual(key))
            {
                return (1m, t);
            }

            if (best.Item2 < 0 && key.Length >= 3 && OneEditApart(tokenKey, key))
            {
                best = (0.6m, t);
            }
        }

        return best;
    }

    private static decimal Closeness(decimal open, decimal amount)
    {
        var larger = Math.Max(open, amount);
        return larger == 0m ? 0m : 1m - Math.Abs(open - amount) / larger;
    }

    private static decimal Proximity(Invoice invoice, Payment payment) =>
        30m / (30m + Math.Abs(payment.Date.DayNumber - invoice.DueDate.DayNumber));

    private static MatchCandidate Describe(InvoiceBook book, int i, Payment payment, decimal amount, RemittanceTokens tokens, int token, decimal reference, decimal score)
    {
        var invoice = book.Invoices[i];
        var open = book.Remaining[i];
        var raw = token >= 0 ? payment.Reference.AsSpan(tokens[token].RawStart, tokens[token].RawLength) : [];
        var larger = Math.Max(open, amount);
        var difference = Math.Abs(open - amount);
        var days = payment.Date.DayNumber - invoice.DueDate.DayNumber;

        // "{id} of {customer}: {reference}; {amount}; {date}." written in one buffer (decision 134).
        var text = new DefaultInterpolatedStringHandler(0, 0, null, stackalloc char[256]);
        text.AppendFormatted(invoice.Id);
        text.AppendLiteral(" of ");
        text.AppendFormatted(invoice.CustomerId);
        text.AppendLiteral(": ");
        if (reference == 1m)
        {
            text.AppendLiteral("the text names it ('");
            text.AppendFormatted(raw);
            text.AppendLiteral("')");
        }
        else if (reference > 0m)
        {
            text.AppendLiteral("'");
            text.AppendFormatted(raw);
            text.AppendLiteral("' in the text is one character off its number");
        }
        else
        {
            text.AppendLiteral("its number is not in the text");
        }

        text.AppendLiteral("; open ");
        text.AppendFormatted(new MoneyText(open, invoice.Currency));
        if (difference == 0m)
        {
            text.AppendLiteral(" equals the payment");
        }
        else
        {
            text.AppendLiteral(" vs payment ");
            text.AppendFormatted(new MoneyText(amount, payment.Currency));
            text.AppendLiteral(" (");
            text.AppendFormatted(new PercentText(difference / larger * 100m));
            text.AppendLiteral(" apart)");
        }

        if (days == 0)
        {
            text.AppendLiteral("; due on the payment date.");
        }
        else
        {
            text.AppendLiteral("; due ");
            text.AppendFormatted(Math.Abs(days));
            text.AppendLiteral(days > 0 ? " days before the payment." : " days after the payment.");
        }

        return new MatchCandidate(
            invoice.Id,
            invoice.CustomerId,
            open,
            invoice.Currency,
            invoice.DueDate,
            score,
            text.ToStringAndClear());
    }

    /// <summary>One substitution, insertion, deletion or swap of neighbours apart (and not equal).</summary>
    internal static bool OneEditApart(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (Math.Abs(a.Length - b.Length) > 1 || a.SequenceEqual(b))
        {
            return false;
        }

        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        if (a.Length == b.Length)
        {
            var rest = prefix + 1;
            if (a[rest..].SequenceEqual(b[rest..]))
            {
                return true; // one substitution
            }

            return rest < a.Length && a[prefix] == b[rest] && a[rest] == b[prefix] && a[(rest + 1)..].SequenceEqual(b[(rest + 1)..]);
        }

        return a.Length > b.Length
            ? a[(prefix + 1)..].SequenceEqual(b[prefix..])
            : a[prefix..].SequenceEqual(b[(prefix + 1)..]);
    }
}
