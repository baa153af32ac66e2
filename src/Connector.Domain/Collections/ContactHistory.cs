namespace Connector.Domain.Collections;

/// <summary>
/// Previous contacts indexed by customer and level, built once per plan so that the quiet-period
/// check is a lookup.
/// </summary>
public sealed class ContactHistory
{
    private readonly Dictionary<(string CustomerId, int Level), List<DateOnly>> emails = [];
    private readonly Dictionary<string, List<(int Level, DateOnly Date)>> byCustomer = new(StringComparer.Ordinal);

    public ContactHistory(IEnumerable<ContactAttempt>? attempts)
    {
        foreach (var attempt in attempts ?? [])
        {
            if (attempt.Kind != ContactKind.Email)
            {
                continue;
            }

            var key = (attempt.CustomerId, attempt.Level);
            if (!emails.TryGetValue(key, out var dates))
            {
                dates = [];
                emails[key] = dates;
            }

            dates.Add(attempt.Date);
            if (!byCustomer.TryGetValue(attempt.CustomerId, out var customerEmails))
            {
                customerEmails = [];
                byCustomer[attempt.CustomerId] = customerEmails;
            }

            customerEmails.Add((attempt.Level, attempt.Date));
        }
    }

    public static ContactHistory Empty { get; } = new(null);

    /// <summary>The customer's email contacts (level, day) in the order given; <c>null</c> when there are none. What a case is decided from.</summary>
    internal IReadOnlyList<(int Level, DateOnly Date)>? EmailsOf(string customerId) => byCustomer.GetValueOrDefault(customerId);

    /// <summary>The latest day on or before <paramref name="asOf"/> the email of <paramref name="level"/> went to the customer.</summary>
    public DateOnly? LastEmail(string customerId, int level, DateOnly asOf)
    {
        if (!emails.TryGetValue((customerId, level), out var dates))
        {
            return null;
        }

        DateOnly? last = null;
        foreach (var date in dates)
        {
            if (date <= asOf && (last is null || date > last))
            {
                last = date;
            }
        }

        return last;
    }
}
