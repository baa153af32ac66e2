using System.Text.Json;
using Connector.Dataverse.Solution;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Dataverse.Tests.Solution;

/// <summary>Every column and choice value the push writes or reads back is one the solution package defines.</summary>
public sealed class PushColumnsTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 22);
    private static readonly SolutionModel Model = SolutionPackage.Load(PackageFolder.Shipped);

    private static ArLedger Ledger() => new(
        [new Customer { Id = "C-1", Name = "Contoso", Currency = "USD", CreditLimit = 100m, CollectorId = "K" }],
        [new Invoice { Id = "I-1", CustomerId = "C-1", Currency = "USD", DocumentDate = AsOf.AddDays(-100), DueDate = AsOf.AddDays(-70), Amount = 500m, OpenAmount = 500m, PoNumber = "PO-1" }],
        [new Payment { Id = "P-1", CustomerId = "C-1", Currency = "USD", Date = AsOf, Amount = 50m, AppliedAmount = 20m, Reference = "INV I-1" }],
        collectors: [new Collector { Id = "K", Name = "Kim", Email = "kim@example.com" }]);

    public static TheoryData<string> Tables() => new() { "account", "arc_openitem", "arc_payment" };

    private static IEnumerable<(DataverseTable Table, OutboxItem Item)> Payloads()
    {
        var ledger = Ledger();
        var evaluation = PortfolioEvaluator.Evaluate(ledger, new EvaluationPolicies(), AsOf);
        foreach (var item in AccountPlanner.Plan(evaluation, PushBaseline.Empty, null, DateTimeOffset.UnixEpoch).Outbox)
        {
            yield return (DataverseModel.Accounts, item);
        }

        var ids = new HashSet<string> { "C-1" };
        foreach (var item in ItemPlanner.PlanOpenItems(ledger, AsOf, ids, PushBaseline.Empty).Outbox)
        {
            yield return (DataverseModel.OpenItems, item);
        }

        foreach (var item in ItemPlanner.PlanPayments(ledger, ids, PushBaseline.Empty).Outbox)
        {
            yield return (DataverseModel.Payments, item);
        }
    }

    [Fact]
    public void Payloads_EveryColumnWritten_IsDefinedByTheSolution()
    {
        var payloads = Payloads().ToList();
        Assert.Equal(["account", "arc_openitem", "arc_payment"], payloads.Select(p => p.Table.LogicalName).Distinct());
        foreach (var (table, item) in payloads)
        {
            var defined = Model.Table(table.LogicalName)!;
            Assert.Equal(table.EntitySetName, defined.EntitySetName);
            Assert.Contains(defined.Keys, k => k.Attributes.SequenceEqual([table.KeyColumn]));
            foreach (var property in JsonDocument.Parse(item.Payload).RootElement.EnumerateObject())
            {
                if (property.Name.EndsWith("@odata.bind", StringComparison.Ordinal))
                {
                    var navigation = property.Name[..^"@odata.bind".Length];
                    Assert.Contains(defined.Columns, c => c.SchemaName == navigation && c.Targets.Contains("account"));
                }
                else
                {
                    Assert.True(defined.Column(property.Name) is not null, $"{table.LogicalName}.{property.Name} is written by the push but not defined in solution-package/");
                }
            }
        }
    }

    [Fact]
    public void ReadBack_EveryColumnRead_IsDefinedByTheSolution()
    {
        var account = Model.Table("account")!;
        foreach (var column in DataverseModel.ReadBackColumns.Where(c => c is not "_modifiedby_value" and not "modifiedon"))
        {
            Assert.True(account.Column(column) is not null, $"account.{column} is read back but not defined in solution-package/");
        }

        Assert.True(account.ChangeTrackingEnabled);
    }

    [Theory]
    [InlineData("arc_openitem", "arc_status", "Open", DataverseModel.Choices.ItemOpen)]
    [InlineData("arc_openitem", "arc_status", "Paid", DataverseModel.Choices.ItemPaid)]
    [InlineData("arc_openitem", "arc_status", "Disputed", DataverseModel.Choices.ItemDisputed)]
    [InlineData("arc_openitem", "arc_status", "Written off", DataverseModel.Choices.ItemWrittenOff)]
    [InlineData("arc_openitem", "arc_documenttype", "Invoice", DataverseModel.Choices.DocumentInvoice)]
    [InlineData("arc_openitem", "arc_documenttype", "Credit memo", DataverseModel.Choices.DocumentCreditMemo)]
    [InlineData("arc_payment", "arc_status", "Unapplied", DataverseModel.Choices.PaymentUnapplied)]
    [InlineData("arc_payment", "arc_status", "Partially applied", DataverseModel.Choices.PaymentPartiallyApplied)]
    [InlineData("arc_payment", "arc_status", "Applied", DataverseModel.Choices.PaymentApplied)]
    [InlineData("salesorder", "arc_creditstatus", "Approved", DataverseModel.Choices.CreditApproved)]
    [InlineData("salesorder", "arc_creditstatus", "Held", DataverseModel.Choices.CreditHeld)]
    [InlineData("salesorder", "arc_creditstatus", "Released", DataverseModel.Choices.CreditReleased)]
    [InlineData("salesorder", "arc_creditstatus", "Rejected", DataverseModel.Choices.CreditRejected)]
    public void Choices_ValueTheCodeWrites_IsTheSolutionsValueForThatLabel(string table, string column, string label, int value) =>
        Assert.Equal(value, Model.Table(table)!.Column(column)!.OptionValue(label));

    [Theory]
    [InlineData(0, "Current")]
    [InlineData(1, "1-30")]
    [InlineData(2, "31-60")]
    [InlineData(3, "61-90")]
    [InlineData(4, "91-120")]
    [InlineData(5, "121+")]
    public void Choices_AgingBucket_IsTheSolutionsValueForThatLabel(int index, string label) =>
        Assert.Equal(DataverseModel.Choices.AgingBucket(index), Model.Table("arc_openitem")!.Column("arc_agingbucket")!.OptionValue(label));

    [Theory]
    [InlineData(RiskClass.A)]
    [InlineData(RiskClass.B)]
    [InlineData(RiskClass.C)]
    [InlineData(RiskClass.D)]
    public void Choices_RiskClass_IsTheSolutionsValueForThatLabel(RiskClass riskClass) =>
        Assert.Equal(DataverseModel.Choices.RiskClass(riskClass), Model.Table("account")!.Column("arc_riskclass")!.OptionValue(riskClass.ToString()));
}
