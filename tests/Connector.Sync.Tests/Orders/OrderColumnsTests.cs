using System.Text.Json;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Tests.Orders;

public sealed class OrderColumnsTests
{
    [Fact]
    public void For_HeldOrder_StatusMessageAndCheckedOnKeyedByOrderId()
    {
        var orderId = Guid.Parse("50000000-0000-0000-0000-000000000001");
        var state = new StoredOrderCredit
        {
            OrderId = orderId,
            CustomerId = OrderPortfolio.HeldCustomer,
            AccountId = OrderPortfolio.HeldAccount,
            Amount = 1_000m,
            Status = OrderCreditStatuses.Held,
            Message = "Order blocked: Contoso Ltd is on credit hold.",
            CheckedAt = new DateTimeOffset(2026, 6, 30, 11, 15, 42, TimeSpan.FromHours(2)),
        };

        var item = OrderColumns.For(state);

        Assert.Equal(("dataverse:salesorder", orderId.ToString("D")), (item.Target, item.Key));
        var payload = JsonDocument.Parse(item.Payload).RootElement;
        Assert.Equal(DataverseModel.Choices.CreditHeld, payload.GetProperty("arc_creditstatus").GetInt32());
        Assert.Equal(state.Message, payload.GetProperty("arc_creditmessage").GetString());
        Assert.Equal("2026-06-30T09:15:42Z", payload.GetProperty("arc_creditcheckedon").GetString());
        Assert.Equal(3, payload.EnumerateObject().Count());
    }
}
