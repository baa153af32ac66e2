using Connector.Domain.Ledger;

namespace Connector.Domain.Promises;

/// <summary>
/// Tells kept, active and broken promises apart. Money counts toward a promise when it arrives
/// between the day the promise was made and the end of its grace period (and not after the
/// evaluation date). Promises are taken in the customer's credit currency, as payments are.
/// </summary>
public static class PromiseEvaluator
{
    public const int DefaultGraceDays = 2;

    public static IReadOnlyList<PromiseStatus> Evaluate(CustomerAccount account, DateOnly asOf, int graceDays = DefaultGraceDays)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Promises.Count == 0)
        {
            return [];
        }

        var result = new List<PromiseStatus>(account.Promises.Count);
        foreach (var promise in account.Promises)
        {
            if (promise.PromisedOn > asOf)
            {
                continue;
            }

            var graceEnd = promise.DueDate.AddDays(graceDays);
            var countUntil = graceEnd < asOf ? graceEnd : asOf;
            var received = 0m;
            foreach (var payment in account.Payments)
            {
                if (payment.Date >= promise.PromisedOn && payment.Date <= countUntil)
                {
                    received += payment.Amount;
                }
            }

            var state = received >= promise.Amount ? PromiseState.Kept
                : asOf > graceEnd ? PromiseState.Broken
                : PromiseState.Active;
            result.Add(new PromiseStatus(promise, state, received) { GraceEnd = graceEnd });
        }

        return result;
    }
}
