using Connector.Mapping.Canonical;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Tests.Rows;

public sealed class CrossFieldRulesTests
{
    [Fact]
    public void CheckEach_CustomerWithNegativeTermsAndLimit_ReportsBoth()
    {
        var customer = Values(CanonicalSchema.Customers, ("payment_terms_days", "-5"), ("credit_limit", "-1"));

        Assert.Equal(
        [
            ("payment_terms_days", "expected zero or more days, got '-5'"),
            ("credit_limit", "expected an empty field (no limit) or an amount of zero or more, got '-1'"),
        ], CrossFieldRules.CheckEach(CanonicalEntity.Customers, customer));
        Assert.Equal(("payment_terms_days", "expected zero or more days, got '-5'"), CrossFieldRules.Check(CanonicalEntity.Customers, customer));
    }

    [Fact]
    public void CheckEach_CustomerWithUnreadableTerms_StillJudgesTheLimit()
    {
        var customer = Values(CanonicalSchema.Customers, ("payment_terms_days", null), ("credit_limit", "-1"));

        var broken = Assert.Single(CrossFieldRules.CheckEach(CanonicalEntity.Customers, customer));

        Assert.Equal("credit_limit", broken.Field);
    }

    [Fact]
    public void CheckEach_PromiseWithZeroAmountAndEarlyDueDate_ReportsTheFirstOnly()
    {
        var promise = Values(CanonicalSchema.Promises, ("customer_id", "C1"), ("promised_on", "2026-06-20"), ("due_date", "2026-06-05"), ("amount", "0"));

        var broken = Assert.Single(CrossFieldRules.CheckEach(CanonicalEntity.Promises, promise));

        Assert.Equal(("amount", "expected a positive amount, got '0'"), broken);
    }

    private static string?[] Values(CanonicalEntitySchema schema, params (string Field, string? Value)[] fields)
    {
        var values = new string?[schema.Fields.Count];
        foreach (var (field, value) in fields)
        {
            values[schema.IndexOf(field)] = value;
        }

        return values;
    }
}
