using System.Text.Json;
using Connector.Sync.Orders;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.Orders;

public sealed class OrderNoticeTests
{
    private static readonly Guid OrderId = Guid.Parse("50000000-0000-0000-0000-000000000001");

    private static StoredOrderCredit State(Guid? owner, int notices = 1, string status = OrderCreditStatuses.Held) => new()
    {
        OrderId = OrderId,
        OrderNumber = "ORD-01001",
        CustomerId = OrderPortfolio.HeldCustomer,
        AccountId = OrderPortfolio.HeldAccount,
        OwnerId = owner,
        Amount = 1_000m,
        Status = status,
        Message = "Order blocked: Contoso Ltd is on credit hold. Contact Jane Doe (Collections) to request a release.",
        Notices = notices,
        CheckedAt = OrderPortfolio.Now,
    };

    [Fact]
    public void Id_SameOrderAndNumber_SameIdEveryTimeAndAnotherForTheNext()
    {
        Assert.Equal(OrderNotice.Id(OrderId, 1), OrderNotice.Id(OrderId, 1));
        Assert.NotEqual(OrderNotice.Id(OrderId, 1), OrderNotice.Id(OrderId, 2));
        Assert.NotEqual(OrderNotice.Id(OrderId, 1), OrderNotice.Id(Guid.Parse("50000000-0000-0000-0000-000000000002"), 1));
    }

    [Fact]
    public void For_HeldOrder_WarningForTheOwnerWithSentenceAndButtonOpeningTheOrder()
    {
        var item = OrderNotice.For(State(OrderPortfolio.Owner, notices: 3), OrderNoticeKind.Held, "Contoso Ltd");

        Assert.Equal("dataverse:appnotification", item.Target);
        Assert.Equal(OrderNotice.Id(OrderId, 3).ToString("D"), item.Key);
        var payload = JsonDocument.Parse(item.Payload).RootElement;
        Assert.Equal("Order ORD-01001 for Contoso Ltd is held for credit", payload.GetProperty("title").GetString());
        Assert.Equal(State(null).Message, payload.GetProperty("body").GetString());
        Assert.Equal($"/systemusers({OrderPortfolio.Owner:D})", payload.GetProperty("ownerid@odata.bind").GetString());
        Assert.Equal(100_000_003, payload.GetProperty("icontype").GetInt32()); // Warning
        var action = Assert.Single(JsonDocument.Parse(payload.GetProperty("data").GetString()!).RootElement.GetProperty("actions").EnumerateArray());
        var url = action.GetProperty("data").GetProperty("url").GetString();
        Assert.Equal($"?pagetype=entityrecord&etn=salesorder&id={OrderId:D}", url);
    }

    [Fact]
    public void For_ReleasedOrder_Success()
    {
        var item = OrderNotice.For(State(OrderPortfolio.Owner, 2, OrderCreditStatuses.Released), OrderNoticeKind.Released, null);

        var payload = JsonDocument.Parse(item.Payload).RootElement;
        Assert.Equal("Order ORD-01001 is released", payload.GetProperty("title").GetString());
        Assert.Equal(100_000_001, payload.GetProperty("icontype").GetInt32()); // Success
    }

    [Fact]
    public void For_OrderOwnedByATeam_Throws()
    {
        Assert.Throws<ArgumentException>(() => OrderNotice.For(State(null), OrderNoticeKind.Held, "Contoso Ltd"));
    }
}
