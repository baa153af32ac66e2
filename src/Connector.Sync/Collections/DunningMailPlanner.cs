using System.Globalization;
using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Collections;

/// <summary>
/// Decides which dunning emails go out on a day: one decision per case whose step emails, sent only when the email is
/// due, the case is active (no promise pausing it), the customer has an address, something undisputed is overdue and
/// no email went to the customer within the quiet period (at any level). Each refusal says why in a sentence.
/// </summary>
public static class DunningMailPlanner
{
    public static IReadOnlyList<DunningDecision> Plan(
        IReadOnlyList<CollectionCase> cases,
        IReadOnlyDictionary<string, Customer> customers,
        IReadOnlyList<StoredContactAttempt> history,
        CollectionsPolicy policy,
        DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(policy);

        // The latest email per customer on or before the day, and the steps already emailed (by key).
        var lastEmail = new Dictionary<string, StoredContactAttempt>(StringComparer.Ordinal);
        var sentKeys = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var attempt in history)
        {
            if (attempt.Kind != ContactKind.Email || attempt.On > asOf)
            {
                continue;
            }

            sentKeys.TryAdd(attempt.SourceId, attempt.On);
            if (!lastEmail.TryGetValue(attempt.CustomerId, out var seen) || attempt.On > seen.On)
            {
                lastEmail[attempt.CustomerId] = attempt;
            }
        }

        var decisions = new List<DunningDecision>();
        foreach (var c in cases)
        {
            DateOnly emailDate;
            if (c.NextAction.EmailDate is { } date)
            {
                emailDate = date;
            }
            else if (c.State == CaseState.Paused && StepEmails(policy, c))
            {
                emailDate = c.NextAction.DueDate;
            }
            else
            {
                continue;
            }

            customers.TryGetValue(c.CustomerId, out var customer);
            var to = Addresses(customer?.Email);
            var key = DunningDecision.KeyFor(c.CaseId, c.Level, emailDate);
            var refusal = Refusal(c, to, key, emailDate, lastEmail, sentKeys, policy, asOf);
            decisions.Add(new DunningDecision
            {
                CaseId = c.CaseId,
                CustomerId = c.CustomerId,
                Level = c.Level,
                Send = refusal is null,
                Reason = refusal ?? $"level {Num(c.Level)} ({c.LevelName}) email due {Day(emailDate)}: "
                    + $"{CurrencyUnits.Format(c.Amount, c.Currency)} overdue on {Num(c.Items.Count(static i => !i.Disputed))} item(s)",
                To = to,
                Key = key,
                EmailDate = emailDate,
            });
        }

        return decisions;
    }

    /// <summary>The customer's addresses: the ERP field may hold several, separated by ';' or ','.</summary>
    public static IReadOnlyList<string> Addresses(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return [];
        }

        return [.. email.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(static a => a.Contains('@', StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static string? Refusal(
        CollectionCase c,
        IReadOnlyList<string> to,
        string key,
        DateOnly emailDate,
        Dictionary<string, StoredContactAttempt> lastEmail,
        Dictionary<string, DateOnly> sentKeys,
        CollectionsPolicy policy,
        DateOnly asOf)
    {
        if (c.State == CaseState.Paused)
        {
            return c.PromiseGraceEnd is { } until
                ? $"promise to pay active until {Day(until)}"
                : $"paused until {Day(c.NextAction.DueDate)}";
        }

        if (c.Amount <= 0m)
        {
            return c.DisputedAmount != 0m
                ? $"only disputed items are overdue ({CurrencyUnits.Format(c.DisputedAmount, c.Currency)}): no dunning while the dispute is open"
                : "nothing undisputed is overdue";
        }

        if (to.Count == 0)
        {
            return $"no email address for customer {c.CustomerId}";
        }

        if (sentKeys.TryGetValue(key, out var sentOn))
        {
            return $"already sent: level {Num(c.Level)} email of {Day(emailDate)} went out {Day(sentOn)}";
        }

        if (lastEmail.TryGetValue(c.CustomerId, out var last) && last.On.AddDays(policy.QuietPeriodDays) > asOf)
        {
            return $"quiet period: level {Num(last.Level)} email sent {Day(last.On)} (no email until {Day(last.On.AddDays(policy.QuietPeriodDays))}, Collections:QuietPeriodDays)";
        }

        if (emailDate > asOf)
        {
            return $"level {Num(c.Level)} ({c.LevelName}) email not due until {Day(emailDate)}";
        }

        if (c.State != CaseState.Active)
        {
            return $"case is {c.State}";
        }

        return null;
    }

    private static bool StepEmails(CollectionsPolicy policy, CollectionCase c)
    {
        foreach (var step in policy.LadderFor(c.RiskClass))
        {
            if (step.Level == c.Level)
            {
                return step.Enabled && step.Email;
            }
        }

        return false;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
