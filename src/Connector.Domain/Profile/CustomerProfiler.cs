using System.Globalization;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;

namespace Connector.Domain.Profile;

/// <summary>
/// Builds a <see cref="CustomerProfile"/> from the reconstructed payment history (see
/// <see cref="PaymentHistory"/>: paid dates are estimates), the promises and the open position.
/// </summary>
public static class CustomerProfiler
{
    public static IReadOnlyList<CustomerProfile> ProfileAll(ArLedger ledger, RiskPolicy policy, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var result = new List<CustomerProfile>(ledger.Accounts.Count);
        foreach (var account in ledger.Accounts)
        {
            result.Add(Profile(account, policy, rates));
        }

        return result;
    }

    public static CustomerProfile Profile(CustomerAccount account, RiskPolicy policy, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rates);
        return Profile(account, PaymentHistory.Build(account, rates), policy, rates);
    }

    /// <summary>Profiles with a history already built (the metrics pass builds it too).</summary>
    public static CustomerProfile Profile(CustomerAccount account, CustomerPaymentHistory history, RiskPolicy policy, RatesAsOf rates)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(rates);
        var asOf = rates.AsOf;
        var from = asOf.AddDays(1 - policy.LookbackDays);
        var currency = account.Customer.Currency;
        var customer = account.Customer;
        string? missing = history.NotEvaluableReason;
        var exposure = missing is null ? Exposure(account, rates, out missing) : 0m;
        if (missing is not null)
        {
            return new CustomerProfile
            {
                CustomerId = account.Id,
                Currency = currency,
                AsOf = asOf,
                From = from,
                RiskClass = policy.NoHistoryClass,
                ErpRiskClass = customer.RiskClass,
                Factors = [],
                SuggestedLimitExplanation = "not evaluable: " + missing,
                NotEvaluableReason = missing.StartsWith("customer ", StringComparison.Ordinal) ? missing : $"customer {account.Id}: {missing}",
            };
        }

        // Payment behaviour: cash parts dated in the window, weighted by amount.
        decimal cash = 0m, weightedToPay = 0m, weightedLate = 0m, sales = 0m;
        int paid = 0, paidLate = 0;
        var firstSale = asOf;
        foreach (var invoice in history.Invoices)
        {
            var item = invoice.Invoice;
            if (item.DocumentDate >= from)
            {
                sales += invoice.Amount;
                if (item.DocumentDate < firstSale)
                {
                    firstSale = item.DocumentDate;
                }
            }

            foreach (var part in invoice.Parts)
            {
                if (part.Kind != SettlementKind.Payment || part.Date < from)
                {
                    continue;
                }

                cash += part.Amount;
                weightedToPay += part.Amount * (part.Date.DayNumber - item.DocumentDate.DayNumber);
                weightedLate += part.Amount * Math.Max(0, part.Date.DayNumber - item.DueDate.DayNumber);
            }

            if (invoice.PaidOn is { } paidOn && paidOn >= from)
            {
                paid++;
                if (paidOn.DayNumber - item.DueDate.DayNumber > policy.LateGraceDays)
                {
                    paidLate++;
                }
            }
        }

        int broken = 0, kept = 0;
        foreach (var status in PromiseEvaluator.Evaluate(account, asOf))
        {
            if (status.State == PromiseState.Broken && status.GraceEnd >= from)
            {
                broken++;
            }
            else if (status.State == PromiseState.Kept && status.Promise.DueDate >= from)
            {
                kept++;
            }
        }

        var disputes = 0;
        foreach (var item in account.Invoices)
        {
            if (item.Disputed && item.DocumentDate <= asOf && (item.IsOpen || item.DocumentDate >= from))
            {
                disputes++;
            }
        }

        decimal? daysToPay = cash > 0m ? weightedToPay / cash : null;
        decimal? daysLate = cash > 0m ? weightedLate / cash : null;
        decimal? lateShare = paid > 0 ? paidLate * 100m / paid : null;
        decimal? utilisation = customer.CreditLimit is > 0m and var limit ? exposure * 100m / limit : null;

        var factors = new List<RiskFactor>(6);
        if (cash == 0m && paid == 0)
        {
            factors.Add(new RiskFactor(RiskFactor.NoHistory, null, policy.NoHistoryClass,
                $"no payment in the last {policy.LookbackDays} days: class {policy.NoHistoryClass} until there is a history"));
        }
        else
        {
            factors.Add(Rate(RiskFactor.DaysLate, daysLate, policy.DaysLateThresholds, "average days late (amount-weighted)", ""));
            factors.Add(Rate(RiskFactor.LateShare, lateShare, policy.LateSharePercentThresholds, $"invoices paid more than {policy.LateGraceDays} days late", " %"));
        }

        factors.Add(Rate(RiskFactor.BrokenPromises, broken, policy.BrokenPromiseThresholds, "broken promises", ""));
        factors.Add(Rate(RiskFactor.Disputes, disputes, policy.DisputeThresholds, "disputed invoices", ""));
        factors.Add(customer.CreditLimit switch
        {
            null => new RiskFactor(RiskFactor.Utilisation, null, RiskClass.A, "no credit limit set: utilisation not rated"),
            0m => new RiskFactor(RiskFactor.Utilisation, null, RiskClass.A, "credit limit 0 (cash in advance): utilisation not rated"),
            _ => Rate(RiskFactor.Utilisation, utilisation, policy.UtilisationPercentThresholds, "credit utilisation", " %"),
        });

        var riskClass = RiskClass.A;
        foreach (var factor in factors)
        {
            if (factor.Class > riskClass)
            {
                riskClass = factor.Class;
            }
        }

        var activeDays = Math.Min(policy.LookbackDays, asOf.DayNumber - firstSale.DayNumber + 1);
        var months = Math.Max(1m, activeDays * 12m / 365m);
        var monthly = sales / months;
        var (suggested, explanation) = SuggestLimit(monthly, months, customer.PaymentTermsDays, riskClass, policy, currency);

        return new CustomerProfile
        {
            CustomerId = account.Id,
            Currency = currency,
            AsOf = asOf,
            From = from,
            AverageDaysToPay = daysToPay,
            AverageDaysLate = daysLate,
            CashReceived = cash,
            PaidInvoices = paid,
            PaidLate = paidLate,
            LateSharePercent = lateShare,
            BrokenPromises = broken,
            KeptPromises = kept,
            Disputes = disputes,
            Exposure = exposure,
            CreditLimit = customer.CreditLimit,
            UtilisationPercent = utilisation,
            CreditSales = sales,
            AverageMonthlySales = monthly,
            RiskClass = riskClass,
            ErpRiskClass = customer.RiskClass,
            Factors = factors,
            SuggestedLimit = suggested,
            SuggestedLimitExplanation = explanation,
        };
    }

    /// <summary>
    /// <c>limit = average monthly sales × (terms + extra days) / 30 × class multiplier</c>, rounded down
    /// to the step: enough credit to carry the sales outstanding during terms and a normal delay,
    /// scaled down as risk grows.
    /// </summary>
    public static (decimal? Limit, string Explanation) SuggestLimit(
        decimal monthlySales, decimal months, int termsDays, RiskClass riskClass, RiskPolicy policy, string currency)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (monthlySales <= 0m)
        {
            return (null, $"no credit sales in the last {policy.LookbackDays} days: no basis for a limit");
        }

        var termsFactor = (termsDays + policy.LimitExtraDays) / 30m;
        var multiplier = policy.LimitMultipliers[(int)riskClass];
        var raw = monthlySales * termsFactor * multiplier;
        var limit = Math.Floor(raw / policy.LimitRoundingStep) * policy.LimitRoundingStep;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"average monthly sales {CurrencyUnits.Format(monthlySales, currency)} (over {months:0.#} months) × terms factor {termsFactor:0.##} (({termsDays} + {policy.LimitExtraDays}) / 30 days) × class {riskClass} multiplier {multiplier:0.##} = {CurrencyUnits.Format(raw, currency)}, rounded down to a multiple of {policy.LimitRoundingStep:#,0.##}: {CurrencyUnits.Format(limit, currency)}");
        return (limit, text);
    }

    /// <summary>The class a value points to: the number of thresholds it is strictly above (0 = A … 3 = D).</summary>
    public static RiskClass Classify(decimal value, IReadOnlyList<decimal> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var level = 0;
        for (var i = 0; i < thresholds.Count && i < 3; i++)
        {
            if (value > thresholds[i])
            {
                level = i + 1;
            }
        }

        return (RiskClass)level;
    }

    private static RiskFactor Rate(string code, decimal? value, decimal[] thresholds, string name, string unit)
    {
        if (value is not { } v)
        {
            return new RiskFactor(code, null, RiskClass.A, $"{name}: no data");
        }

        var riskClass = Classify(v, thresholds);
        var reason = riskClass == RiskClass.A
            ? string.Create(CultureInfo.InvariantCulture, $"{name} {v:0.#}{unit}, not above {thresholds[0]:0.#}{unit}")
            : string.Create(CultureInfo.InvariantCulture, $"{name} {v:0.#}{unit}, above {thresholds[(int)riskClass - 1]:0.#}{unit}");
        return new RiskFactor(code, v, riskClass, reason);
    }

    /// <summary>Open AR + uninvoiced open orders − unapplied cash, in the credit currency, as of the date.</summary>
    private static decimal Exposure(CustomerAccount account, RatesAsOf rates, out string? missing)
    {
        var currency = account.Customer.Currency;
        var asOf = rates.AsOf;
        var exposure = 0m;
        missing = null;
        foreach (var item in account.OpenItems)
        {
            if (item.DocumentDate > asOf)
            {
                continue;
            }

            if (!rates.TryConvert(item.OpenAmount, item.Currency, currency, out var open, out missing))
            {
                return 0m;
            }

            exposure += open;
        }

        foreach (var order in account.Orders)
        {
            if (!order.IsOpen)
            {
                continue;
            }

            if (!rates.TryConvert(order.UninvoicedAmount, order.Currency, currency, out var uninvoiced, out missing))
            {
                return 0m;
            }

            exposure += uninvoiced;
        }

        foreach (var payment in account.Payments)
        {
            if (payment.Date > asOf || payment.UnappliedAmount == 0m)
            {
                continue;
            }

            if (!rates.TryConvert(payment.UnappliedAmount, payment.Currency, currency, out var unapplied, out missing))
            {
                return 0m;
            }

            exposure -= unapplied;
        }

        return exposure;
    }
}
