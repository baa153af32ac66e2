namespace Connector.Domain.CashApplication;

/// <summary>
/// Which customer pays from which bank account, learned from accepted matches. An account accepted for one customer
/// identifies that customer next time; an account seen with several customers (a group treasury, a payment provider)
/// identifies nobody.
/// </summary>
public static class PayerAccounts
{
    /// <summary>"de89 3704 0044 0532 0130 00" → "DE89370400440532013000"; empty for none.</summary>
    public static string Normalise(string? account)
    {
        if (string.IsNullOrWhiteSpace(account))
        {
            return string.Empty;
        }

        Span<char> buffer = stackalloc char[Math.Min(account.Length, 64)];
        var length = 0;
        foreach (var ch in account)
        {
            if (char.IsAsciiLetterOrDigit(ch) && length < buffer.Length)
            {
                buffer[length++] = char.ToUpperInvariant(ch);
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>Accounts each seen with exactly one customer, from (account, customer) pairs of accepted matches.</summary>
    public static Dictionary<string, string> Learn(IEnumerable<(string? Account, string? CustomerId)> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var seen = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (account, customer) in accepted)
        {
            var key = Normalise(account);
            if (key.Length == 0 || string.IsNullOrEmpty(customer))
            {
                continue;
            }

            if (!seen.TryGetValue(key, out var known))
            {
                seen[key] = customer;
            }
            else if (known is not null && !string.Equals(known, customer, StringComparison.Ordinal))
            {
                seen[key] = null; // shared: identifies nobody
            }
        }

        var learned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, customer) in seen)
        {
            if (customer is not null)
            {
                learned[key] = customer;
            }
        }

        return learned;
    }
}
