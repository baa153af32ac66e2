using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Benchmarks.Data;

/// <summary>
/// The body Dataverse posts to the synchronous PreValidation step for an <see cref="OrderIntent"/>: a
/// RemoteExecutionContext in the shape the Dataverse emulator's webhook caller writes
/// (<c>src/Connector.Emulators/Dataverse/Webhooks/ExecutionContextWriter.cs</c>, internal there and bound to the
/// emulator's tables, so written again here): its top-level keys in its order, <c>{key,value}</c> lists,
/// <c>__type</c> first in typed values, money with a formatted value, <c>\/Date(ms)\/</c>, every <c>/</c> escaped.
/// The Update's pre-image carries the registered <c>customerid</c> and <c>totalamount</c>, plus <c>ordernumber</c> and
/// a contact's <c>parentcustomerid</c>, so the counted-order and contact paths are exercised.
/// </summary>
internal static class OrderContextJson
{
    public const string Contracts = "http://schemas.microsoft.com/xrm/2011/Contracts";

    private static readonly Guid BusinessUnit = Guid.Parse("7d0bd7a0-5c7a-e711-8118-c4346bdc0e01");
    private static readonly Guid Organization = Guid.Parse("b1a6f3c2-0d4e-4f5a-9b8c-7e6d5c4b3a21");
    private static readonly Guid CreateStep = Guid.Parse("1b6f0c2e-7d41-4a5b-8e39-0f2c6d8a4b11");
    private static readonly Guid UpdateStep = Guid.Parse("2c7a1d3f-8e52-4b6c-9f4a-1a3d7e9b5c22");
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(OrderIntent order, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        var target = new List<(string, JsonNode?)>();
        if (!order.IsUpdate)
        {
            target.Add(("name", $"Order {order.OrderGuid.ToString("N")[..8]}"));
            Customer(target, order.Customer);
            target.Add(("totalamount", Money(order.Amount)));
            target.Add(("salesorderid", order.OrderGuid.ToString("D")));
        }
        else
        {
            if (order.CustomerChanged)
            {
                Customer(target, order.Customer);
            }

            target.Add(("totalamount", Money(order.Amount)));
            target.Add(("salesorderid", order.OrderGuid.ToString("D")));
        }

        var pre = new JsonArray();
        if (order.IsUpdate)
        {
            var before = new List<(string, JsonNode?)>();
            Customer(before, order.CustomerBefore!);
            before.Add(("totalamount", Money(order.AmountBefore!.Value)));
            before.Add(("ordernumber", order.OrderNumber));
            pre.Add(Pair("PreImage", Entity(order.OrderGuid, before)));
        }

        var user = order.UserId.ToString("D");
        var context = new JsonObject
        {
            ["BusinessUnitId"] = BusinessUnit.ToString("D"),
            ["CorrelationId"] = Guid.NewGuid().ToString("D"),
            ["Depth"] = 1,
            ["InitiatingUserAzureActiveDirectoryObjectId"] = Guid.Empty.ToString("D"),
            ["InitiatingUserId"] = user,
            ["InputParameters"] = new JsonArray(Pair("Target", Entity(order.OrderGuid, target))),
            ["IsExecutingOffline"] = false,
            ["IsInTransaction"] = false,
            ["IsOfflinePlayback"] = false,
            ["IsolationMode"] = 1,
            ["MessageName"] = order.IsUpdate ? "Update" : "Create",
            ["Mode"] = 0,
            ["OperationCreatedOn"] = Date(at),
            ["OperationId"] = Guid.NewGuid().ToString("D"),
            ["OrganizationId"] = Organization.ToString("D"),
            ["OrganizationName"] = "contoso",
            ["OutputParameters"] = new JsonArray(),
            ["OwningExtension"] = Reference("sdkmessageprocessingstep", order.IsUpdate ? UpdateStep : CreateStep,
                $"salesorder {(order.IsUpdate ? "Update" : "Create")}: credit check (synchronous, PreValidation)"),
            ["ParentContext"] = null,
            ["PostEntityImages"] = new JsonArray(),
            ["PreEntityImages"] = pre,
            ["PrimaryEntityId"] = order.OrderGuid.ToString("D"),
            ["PrimaryEntityName"] = "salesorder",
            ["RequestId"] = Guid.NewGuid().ToString("D"),
            ["SecondaryEntityName"] = "none",
            ["SharedVariables"] = new JsonArray(),
            ["Stage"] = 10,
            ["UserAzureActiveDirectoryObjectId"] = Guid.Empty.ToString("D"),
            ["UserId"] = user,
        };

        // WCF escapes every solidus; in JSON text a '/' can only be inside a string.
        return Encoding.UTF8.GetBytes(context.ToJsonString(Relaxed).Replace("/", "\\/", StringComparison.Ordinal));
    }

    private static void Customer(List<(string, JsonNode?)> attributes, OrderCustomer customer)
    {
        attributes.Add(("customerid", Reference(customer.Table, customer.Id, null)));
        if (customer.IsContact)
        {
            attributes.Add(("parentcustomerid", Reference("account", customer.Account, null)));
        }
    }

    private static JsonObject Entity(Guid id, List<(string Name, JsonNode? Value)> attributes)
    {
        var values = new JsonArray();
        var formatted = new JsonArray();
        foreach (var (name, value) in attributes)
        {
            values.Add(Pair(name, value));
            if (value is JsonObject typed && typed["__type"]?.GetValue<string>() == $"Money:{Contracts}")
            {
                formatted.Add(Pair(name, typed["Value"]!.GetValue<decimal>().ToString("N2", CultureInfo.InvariantCulture)));
            }
        }

        return new JsonObject
        {
            ["__type"] = $"Entity:{Contracts}",
            ["Attributes"] = values,
            ["EntityState"] = null,
            ["FormattedValues"] = formatted,
            ["Id"] = id.ToString("D"),
            ["KeyAttributes"] = new JsonArray(),
            ["LogicalName"] = "salesorder",
            ["RelatedEntities"] = new JsonArray(),
            ["RowVersion"] = null,
        };
    }

    private static JsonObject Money(decimal amount) => new() { ["__type"] = $"Money:{Contracts}", ["Value"] = amount };

    private static JsonObject Reference(string table, Guid id, string? name) => new()
    {
        ["__type"] = $"EntityReference:{Contracts}",
        ["Id"] = id.ToString("D"),
        ["KeyAttributes"] = new JsonArray(),
        ["LogicalName"] = table,
        ["Name"] = name,
        ["RowVersion"] = null,
    };

    private static JsonObject Pair(string key, JsonNode? value) => new() { ["key"] = key, ["value"] = value };

    private static string Date(DateTimeOffset moment) =>
        $"/Date({moment.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)})/";
}
