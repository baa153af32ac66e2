using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Collections;

public sealed class AssignedCollectorsTests
{
    [Fact]
    public void WithAssignedCollectors_CustomerWithoutCollector_TakesTheCollectorOfItsCase()
    {
        var ledger = A.Ledger(
            [A.Customer("C1") with { Territory = "West" }, A.Customer("C2") with { CollectorId = "COL-1" }],
            [A.Invoice("I1", 500m, 20, "C1"), A.Invoice("I2", 500m, 20, "C2")],
            collectors:
            [
                new Collector { Id = "COL-1", Name = "Jane Doe", Territories = ["East"] },
                new Collector { Id = "COL-2", Name = "Raj Patel", Territories = ["West"] },
            ]);
        var plan = CollectionPlanner.Plan(ledger, new CollectionsPolicy(), new CurrencyConverter("USD", []).At(A.AsOf));

        var assigned = ledger.WithAssignedCollectors(plan);

        Assert.Equal("COL-2", assigned.Find("C1")!.Customer.CollectorId);
        Assert.Equal("COL-1", assigned.Find("C2")!.Customer.CollectorId);
        Assert.Equal(ledger.Find("C1")!.OpenItems, assigned.Find("C1")!.OpenItems);
    }

    [Fact]
    public void WithAssignedCollectors_EveryCustomerAlreadyAssigned_ReturnsTheSameLedger()
    {
        var ledger = A.Ledger([A.Customer("C1") with { CollectorId = "COL-1" }], [A.Invoice("I1", 500m, 20)],
            collectors: [new Collector { Id = "COL-1", Name = "Jane Doe" }]);
        var plan = CollectionPlanner.Plan(ledger, new CollectionsPolicy(), new CurrencyConverter("USD", []).At(A.AsOf));

        Assert.Same(ledger, ledger.WithAssignedCollectors(plan));
    }
}
