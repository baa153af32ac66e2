using System.Globalization;
using Connector.Domain.Currencies;

namespace Connector.Domain.CashApplication;

/// <summary>
/// Which proposals are accepted without a person (<see cref="CashApplicationPolicy.AutoAccept"/>,
/// <see cref="CashApplicationPolicy.AutoAcceptMaxAmount"/>): every line from a listed rule, no write-off unless the
/// tolerance rule is listed, the payment within the amount limit. Anything else waits in the exceptions queue.
/// </summary>
public static class AutoAcceptRules
{
    /// <summary><c>null</c> when the payment's lines may be accepted automatically; otherwise why a person must look.</summary>
    /// <param name="lines">The payment's proposed lines (at least one).</param>
    /// <param name="writeOff">The write-off proposed with them (0 for none).</param>
    public static string? WhyNot(CashApplicationPolicy policy, decimal paymentAmount, string currency, IReadOnlyList<PaymentApplication> lines, decimal writeOff)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return "nothing was proposed";
        }

        foreach (var line in lines)
        {
            if (Array.IndexOf(policy.AutoAccept, line.Method) < 0)
            {
                var listed = policy.AutoAccept.Length == 0 ? "none" : string.Join(", ", policy.AutoAccept);
                return $"the {line.Method} rule proposed it and CashApplication:AutoAccept lists {listed}";
            }
        }

        if (writeOff != 0m && Array.IndexOf(policy.AutoAccept, MatchMethod.Tolerance) < 0)
        {
            return $"a write-off of {CurrencyUnits.Format(writeOff, currency)} is proposed with it";
        }

        if (policy.AutoAcceptMaxAmount > 0m && paymentAmount > policy.AutoAcceptMaxAmount)
        {
            return $"the payment ({CurrencyUnits.Format(paymentAmount, currency)}) is above CashApplication:AutoAcceptMaxAmount ({policy.AutoAcceptMaxAmount.ToString("0.##", CultureInfo.InvariantCulture)})";
        }

        return null;
    }
}
