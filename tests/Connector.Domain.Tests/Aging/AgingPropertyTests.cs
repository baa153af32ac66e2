using Connector.Domain.Aging;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;
using FsCheck;
using FsCheck.Xunit;

namespace Connector.Domain.Tests.Aging;

public sealed class AgingPropertyTests
{
    [Property(MaxTest = 300)]
    public void Age_AnyOpenItems_BucketsSumToTotalOpen(short[] daysPastDue, int[] cents, bool[] disputed, PositiveInt firstBound)
    {
        var count = Math.Min(daysPastDue.Length, cents.Length);
        var invoices = new List<Invoice>(count);
        for (var i = 0; i < count; i++)
        {
            var amount = cents[i] / 100m;
            invoices.Add(amount < 0
                ? A.CreditMemo($"CM{i}", amount, daysPastDue[i])
                : A.Invoice($"I{i}", amount, daysPastDue[i]) with { Disputed = disputed.Length > i && disputed[i] });
        }

        var bound = 1 + firstBound.Get % 100;
        var policy = new AgingPolicy { Bounds = [bound, bound * 2, bound * 3] };
        var ledger = A.Ledger([A.Customer()], invoices);

        var line = AgingCalculator.Age(ledger.Accounts[0], policy, new AgingBuckets(policy.Bounds), new CurrencyConverter("USD", []).At(A.AsOf));

        Assert.Equal(line.TotalOpen, line.Buckets.Sum());
        Assert.Equal(line.TotalOpen - line.Buckets[0], line.Overdue);
        Assert.Equal(invoices.Where(static i => i.IsOpen && i.DocumentDate <= A.AsOf).Sum(static i => i.OpenAmount), line.TotalOpen);
    }
}
