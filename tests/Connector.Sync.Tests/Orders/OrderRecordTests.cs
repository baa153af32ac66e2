using System.Text.Json;
using Connector.Sync.Orders;
using Connector.Sync.Push;

namespace Connector.Sync.Tests.Orders;

public sealed class OrderRecordTests
{
    private static readonly Guid OrderId = Guid.Parse("50000000-0000-0000-0000-000000000001");

    private static OrderRecord Parse(string json) => OrderRecord.Parse(OrderId, JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Parse_ChangeTrackingRow_EveryColumnWithItsAnnotations()
    {
        var row = Parse($$"""
            {
              "salesorderid": "{{OrderId}}",
              "ordernumber": "ORD-01001",
              "name": "Spring restock",
              "_customerid_value": "{{OrderPortfolio.HeldAccount}}",
              "_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account",
              "totalamount": 1234.50,
              "_ownerid_value": "{{OrderPortfolio.Owner}}",
              "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "systemuser",
              "statecode": 0,
              "arc_creditstatus": {{DataverseModel.Choices.CreditReleased}},
              "arc_creditmessage": "Order blocked.",
              "arc_releasereason": "  customer pays by wire today  ",
              "_modifiedby_value": "4a4a4a4a-0000-0000-0000-000000000001",
              "_modifiedby_value@OData.Community.Display.V1.FormattedValue": "Ada Manager",
              "modifiedon": "2026-06-30T09:15:42Z"
            }
            """);

        Assert.Equal("ORD-01001", row.Number);
        Assert.Equal("Spring restock", row.Name);
        Assert.Equal((OrderPortfolio.HeldAccount, "account"), (row.CustomerId, row.CustomerTable));
        Assert.Equal(1234.50m, row.Amount);
        Assert.Equal(OrderPortfolio.Owner, row.OwnerUserId);
        Assert.True(row.IsOpen);
        Assert.Equal(DataverseModel.Choices.CreditReleased, row.CreditStatus);
        Assert.Equal("Order blocked.", row.CreditMessage);
        Assert.Equal("customer pays by wire today", row.ReleaseReason);
        Assert.Equal(Guid.Parse("4a4a4a4a-0000-0000-0000-000000000001"), row.ModifiedById);
        Assert.Equal("Ada Manager", row.ModifiedByName);
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 9, 15, 42, TimeSpan.Zero), row.ModifiedOn);
    }

    [Fact]
    public void Parse_ContactCustomer_TableSaysContact()
    {
        var contact = Guid.Parse("c1c1c1c1-0000-0000-0000-000000000001");

        var row = Parse($$"""{ "_customerid_value": "{{contact}}", "_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "contact" }""");

        Assert.Equal((contact, "contact"), (row.CustomerId, row.CustomerTable));
    }

    [Fact]
    public void Parse_OwnedByATeam_NoOwnerToNotify()
    {
        var row = Parse("""{ "_ownerid_value": "7e7e7e7e-0000-0000-0000-000000000001", "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "team" }""");

        Assert.Null(row.OwnerUserId);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    public void Parse_StateCode_OpenOnlyWhenActive(int state, bool open)
    {
        var row = Parse($$"""{ "statecode": {{state}} }""");

        Assert.Equal(state, row.StateCode);
        Assert.Equal(open, row.IsOpen);
    }

    [Fact]
    public void Parse_ColumnsMissingOrNull_EmptyValuesAndOpen()
    {
        var row = Parse("""{ "ordernumber": null, "_customerid_value": null, "arc_creditstatus": null, "arc_releasereason": "   " }""");

        Assert.Equal(OrderId, row.Id);
        Assert.Null(row.Number);
        Assert.Null(row.CustomerId);
        Assert.Null(row.Amount);
        Assert.Null(row.OwnerUserId);
        Assert.Null(row.CreditStatus);
        Assert.Null(row.ReleaseReason);
        Assert.Null(row.ModifiedByName);
        Assert.Null(row.StateCode);
        Assert.True(row.IsOpen);
    }
}
