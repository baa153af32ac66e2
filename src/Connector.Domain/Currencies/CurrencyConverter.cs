using Connector.Domain.Ledger;

namespace Connector.Domain.Currencies;

/// <summary>
/// Converts between currencies with the rates the ERP supplies: the latest rate on or before the
/// evaluation date. A missing rate is reported, never replaced by 1.
/// </summary>
public sealed class CurrencyConverter
{
    private readonly Dictionary<string, ExchangeRate[]> ratesByCurrency;

    public CurrencyConverter(string companyCurrency, IEnumerable<ExchangeRate> rates)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyCurrency);
        ArgumentNullException.ThrowIfNull(rates);
        CompanyCurrency = companyCurrency.ToUpperInvariant();
        ratesByCurrency = rates
            .GroupBy(static r => r.Currency.ToUpperInvariant(), StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.OrderBy(static r => r.Date).ToArray(), StringComparer.Ordinal);
    }

    public string CompanyCurrency { get; }

    /// <summary>The rates in force on <paramref name="asOf"/>, looked up once per currency.</summary>
    public RatesAsOf At(DateOnly asOf) => new(this, asOf);

    internal bool TryFindRate(string currency, DateOnly asOf, out decimal rate)
    {
        if (string.Equals(currency, CompanyCurrency, StringComparison.OrdinalIgnoreCase))
        {
            rate = 1m;
            return true;
        }

        if (ratesByCurrency.TryGetValue(currency.ToUpperInvariant(), out var series))
        {
            // Binary search for the last rate dated on or before asOf.
            int lo = 0, hi = series.Length - 1, found = -1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                if (series[mid].Date <= asOf)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            if (found >= 0 && series[found].Rate > 0m)
            {
                rate = series[found].Rate;
                return true;
            }
        }

        rate = 0m;
        return false;
    }
}

/// <summary>The rates of one evaluation date, cached per currency.</summary>
public sealed class RatesAsOf
{
    private readonly CurrencyConverter converter;
    private readonly Dictionary<string, decimal?> cache = new(StringComparer.OrdinalIgnoreCase);

    internal RatesAsOf(CurrencyConverter converter, DateOnly asOf)
    {
        this.converter = converter;
        AsOf = asOf;
    }

    public DateOnly AsOf { get; }

    public string CompanyCurrency => converter.CompanyCurrency;

    /// <summary>Company-currency units per one unit of <paramref name="currency"/>.</summary>
    public bool TryGetRate(string currency, out decimal rate)
    {
        if (!cache.TryGetValue(currency, out var cached))
        {
            cached = converter.TryFindRate(currency, AsOf, out var found) ? found : null;
            cache[currency] = cached;
        }

        rate = cached ?? 0m;
        return cached.HasValue;
    }

    /// <summary>Converts, or says which rate is missing.</summary>
    public bool TryConvert(decimal amount, string from, string to, out decimal converted, out string? missing)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase) || amount == 0m)
        {
            converted = amount;
            missing = null;
            return true;
        }

        if (!TryGetRate(from, out var fromRate))
        {
            converted = 0m;
            missing = MissingRate(from);
            return false;
        }

        if (!TryGetRate(to, out var toRate))
        {
            converted = 0m;
            missing = MissingRate(to);
            return false;
        }

        converted = amount * fromRate / toRate;
        missing = null;
        return true;
    }

    public string MissingRate(string currency) =>
        $"no {currency.ToUpperInvariant()} rate on or before {AsOf:yyyy-MM-dd} (rates are company-currency units per one {currency.ToUpperInvariant()})";
}
