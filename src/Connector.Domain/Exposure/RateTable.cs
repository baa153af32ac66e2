using Connector.Domain.Currencies;

namespace Connector.Domain.Exposure;

/// <summary>
/// The rates of one evaluation date, looked up once and then only read, so that credit checks on
/// many threads (the order webhook) can convert order amounts without locks. A currency without a
/// rate stays missing and is reported, never taken at 1.
/// </summary>
public sealed class RateTable
{
    private readonly RatesAsOf source;
    private readonly Dictionary<string, decimal> rates = new(StringComparer.OrdinalIgnoreCase);

    public RateTable(RatesAsOf rates, IEnumerable<string> currencies)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(currencies);
        source = rates;
        foreach (var currency in currencies.Append(rates.CompanyCurrency))
        {
            if (!string.IsNullOrWhiteSpace(currency) && !this.rates.ContainsKey(currency) && rates.TryGetRate(currency, out var rate))
            {
                this.rates[currency] = rate;
            }
        }
    }

    /// <summary>
    /// A table holding exactly <paramref name="rates"/> (company-currency units per one unit), as another instance
    /// published it: the same conversions and the same missing-rate sentences as the table it was read from.
    /// </summary>
    public static RateTable Of(DateOnly asOf, string companyCurrency, IReadOnlyDictionary<string, decimal> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var converter = new CurrencyConverter(companyCurrency, rates.Select(r => new Ledger.ExchangeRate(r.Key, asOf, r.Value)));
        return new RateTable(converter.At(asOf), rates.Keys);
    }

    public DateOnly AsOf => source.AsOf;

    /// <summary>The rates this table found, by currency (the company currency at 1).</summary>
    public IReadOnlyDictionary<string, decimal> Known => rates;

    public string CompanyCurrency => source.CompanyCurrency;

    /// <summary>Converts, or says which rate is missing (same wording as <see cref="RatesAsOf.MissingRate"/>).</summary>
    public bool TryConvert(decimal amount, string from, string to, out decimal converted, out string? missing)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase) || amount == 0m)
        {
            converted = amount;
            missing = null;
            return true;
        }

        if (!rates.TryGetValue(from, out var fromRate))
        {
            converted = 0m;
            missing = source.MissingRate(from);
            return false;
        }

        if (!rates.TryGetValue(to, out var toRate))
        {
            converted = 0m;
            missing = source.MissingRate(to);
            return false;
        }

        converted = amount * fromRate / toRate;
        missing = null;
        return true;
    }
}
