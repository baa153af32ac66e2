using Connector.Mapping.Canonical;

namespace Connector.Mapping.Rows;

/// <summary>
/// The rules across fields that the canonical CSV reader enforces, applied to a mapped row, so a record
/// that reaches the ledger is one the canonical reader would also accept. Values are canonical text,
/// <c>null</c> for an empty field (or, in the canonical reader, one that could not be read).
/// </summary>
public static class CrossFieldRules
{
    private static readonly int InvoiceType = CanonicalSchema.Invoices.IndexOf("type");
    private static readonly int InvoiceAmount = CanonicalSchema.Invoices.IndexOf("amount");
    private static readonly int InvoiceOpen = CanonicalSchema.Invoices.IndexOf("open_amount");
    private static readonly int PaymentAmount = CanonicalSchema.Payments.IndexOf("amount");
    private static readonly int PaymentApplied = CanonicalSchema.Payments.IndexOf("applied_amount");
    private static readonly int OrderAmount = CanonicalSchema.Orders.IndexOf("amount");
    private static readonly int OrderUninvoiced = CanonicalSchema.Orders.IndexOf("uninvoiced_amount");
    private static readonly int RateRate = CanonicalSchema.Rates.IndexOf("rate");
    private static readonly int RateCurrency = CanonicalSchema.Rates.IndexOf("currency");
    private static readonly int PromiseAmount = CanonicalSchema.Promises.IndexOf("amount");
    private static readonly int PromiseOn = CanonicalSchema.Promises.IndexOf("promised_on");
    private static readonly int PromiseDue = CanonicalSchema.Promises.IndexOf("due_date");
    private static readonly int CustomerTerms = CanonicalSchema.Customers.IndexOf("payment_terms_days");
    private static readonly int CustomerLimit = CanonicalSchema.Customers.IndexOf("credit_limit");

    /// <summary>
    /// Every broken rule as (field, reason), for a reader that reports all of a row's problems: a customer's
    /// payment terms and credit limit are judged apart (each reads only its own field, so both can be checked
    /// on a row with other bad fields); the other entities' rules stop at the first broken one, as in <see cref="Check"/>.
    /// </summary>
    public static IReadOnlyList<(string Field, string Reason)> CheckEach(CanonicalEntity entity, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (entity != CanonicalEntity.Customers)
        {
            return Check(entity, values) is { } first ? [first] : [];
        }

        var broken = new List<(string, string)>(2);
        if (CustomerTermsRule(values) is { } terms)
        {
            broken.Add(terms);
        }

        if (CustomerLimitRule(values) is { } limit)
        {
            broken.Add(limit);
        }

        return broken;
    }

    /// <summary>The first broken rule as (field, reason), or <c>null</c> when the row holds together.</summary>
    public static (string Field, string Reason)? Check(CanonicalEntity entity, string?[] values) => entity switch
    {
        CanonicalEntity.Invoices => Invoice(values),
        CanonicalEntity.Payments => Payment(values),
        CanonicalEntity.Orders => Order(values),
        CanonicalEntity.Rates => Number(values, RateRate) <= 0m
            ? ("rate", $"expected a positive rate (company-currency units per one {values[RateCurrency]}), got '{values[RateRate]}'")
            : null,
        CanonicalEntity.Promises => Promise(values),
        CanonicalEntity.Customers => Customer(values),
        _ => null,
    };

    /// <summary>
    /// Whether a fingerprinted row certainly holds together (<see cref="Check"/> finds nothing); <c>false</c> when a rule is
    /// broken or the entity's rules are left to <see cref="Check"/> (the row is then mapped as strings, which says which).
    /// </summary>
    internal static bool Holds(CanonicalEntity entity, RowFingerprint values) => entity switch
    {
        CanonicalEntity.Invoices => InvoiceHolds(values),
        CanonicalEntity.Customers => (values.IsNull(CustomerTerms) || !values.Value(CustomerTerms).StartsWith('-')) && Number(values, CustomerLimit) >= 0m,
        CanonicalEntity.Payments => Number(values, PaymentAmount) is var amount && amount > 0m
            && Number(values, PaymentApplied) is var applied && applied >= 0m && applied <= amount,
        CanonicalEntity.Orders => Number(values, OrderUninvoiced) is var uninvoiced && uninvoiced >= 0m && uninvoiced <= Number(values, OrderAmount),
        CanonicalEntity.Rates => Number(values, RateRate) > 0m,
        CanonicalEntity.Promises => Number(values, PromiseAmount) > 0m && !DueBeforePromised(values),
        CanonicalEntity.Collectors => true,
        _ => false,
    };

    // As string.CompareOrdinal(due, on) < 0, an empty (null) date sorting first.
    private static bool DueBeforePromised(RowFingerprint values) =>
        values.IsNull(PromiseDue) ? !values.IsNull(PromiseOn)
        : !values.IsNull(PromiseOn) && values.Value(PromiseDue).SequenceCompareTo(values.Value(PromiseOn)) < 0;

    private static bool InvoiceHolds(RowFingerprint values)
    {
        var amount = Number(values, InvoiceAmount);
        if (!values.IsNull(InvoiceType) && values.Value(InvoiceType).Equals("credit_memo", StringComparison.Ordinal) && amount > 0m)
        {
            return false;
        }

        return Math.Abs(Number(values, InvoiceOpen)) <= Math.Abs(amount);
    }

    private static decimal Number(RowFingerprint values, int index) =>
        !values.IsNull(index) && CanonicalValue.TryParseDecimalSpan(values.Value(index), out var number) ? number : 0m;

    private static (string, string)? Invoice(string?[] values)
    {
        var amount = Number(values, InvoiceAmount);
        if (string.Equals(values[InvoiceType], "credit_memo", StringComparison.Ordinal) && amount > 0m)
        {
            return ("amount", $"expected a negative amount for a credit memo, got '{values[InvoiceAmount]}'");
        }

        return Math.Abs(Number(values, InvoiceOpen)) > Math.Abs(amount)
            ? ("open_amount", $"expected at most the amount ({values[InvoiceAmount]}) in absolute value, got '{values[InvoiceOpen]}'")
            : null;
    }

    private static (string, string)? Payment(string?[] values)
    {
        var amount = Number(values, PaymentAmount);
        if (amount <= 0m)
        {
            return ("amount", $"expected a positive amount, got '{values[PaymentAmount]}'");
        }

        var applied = Number(values, PaymentApplied);
        return applied < 0m || applied > amount
            ? ("applied_amount", $"expected between 0 and the amount ({values[PaymentAmount]}), got '{values[PaymentApplied]}'")
            : null;
    }

    private static (string, string)? Order(string?[] values)
    {
        var uninvoiced = Number(values, OrderUninvoiced);
        return uninvoiced < 0m || uninvoiced > Number(values, OrderAmount)
            ? ("uninvoiced_amount", $"expected between 0 and the amount ({values[OrderAmount]}), got '{values[OrderUninvoiced]}'")
            : null;
    }

    private static (string, string)? Promise(string?[] values)
    {
        if (Number(values, PromiseAmount) <= 0m)
        {
            return ("amount", $"expected a positive amount, got '{values[PromiseAmount]}'");
        }

        // Canonical dates compare as text.
        return string.CompareOrdinal(values[PromiseDue], values[PromiseOn]) < 0
            ? ("due_date", $"expected a date on or after promised_on ({values[PromiseOn]}), got '{values[PromiseDue]}'")
            : null;
    }

    private static (string, string)? Customer(string?[] values) => CustomerTermsRule(values) ?? CustomerLimitRule(values);

    private static (string, string)? CustomerTermsRule(string?[] values) =>
        values[CustomerTerms] is { } terms && terms.StartsWith('-')
            ? ("payment_terms_days", $"expected zero or more days, got '{terms}'")
            : null;

    private static (string, string)? CustomerLimitRule(string?[] values) =>
        Number(values, CustomerLimit) < 0m
            ? ("credit_limit", $"expected an empty field (no limit) or an amount of zero or more, got '{values[CustomerLimit]}'")
            : null;

    // Values are canonical already; an empty optional amount counts as zero.
    private static decimal Number(string?[] values, int index) =>
        values[index] is { } text && CanonicalValue.TryParseDecimal(text, out var number) ? number : 0m;
}
