using System.Globalization;
using System.Text;

namespace Connector.Webhooks.Tests.Builders;

/// <summary>
/// RemoteExecutionContext bodies in Dataverse's documented shape (<c>{key,value}</c> lists, <c>__type</c> with the
/// contracts namespace, escaped slashes): a salesorder Create or Update with the parts a test varies.
/// </summary>
internal sealed record Payload
{
    public const string ContractsType = ":http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts";

    public static readonly Guid SomeUser = Guid.Parse("11111111-2222-3333-4444-555555555555");
    public static readonly Guid OrderId = Guid.Parse("d4d4d4d4-0000-0000-0000-000000000004");

    public string MessageName { get; init; } = "Create";
    public Guid InitiatingUserId { get; init; } = SomeUser;
    public (string LogicalName, Guid Id)? Customer { get; init; }
    public (string LogicalName, Guid Id)? ParentCustomer { get; init; }
    public decimal? Total { get; init; }

    /// <summary>A pre-image with the order's customer and total before the edit.</summary>
    public ((string LogicalName, Guid Id) Customer, decimal Total)? Before { get; init; }

    public bool WithTarget { get; init; } = true;

    public static Payload Create(Guid account, decimal? total) => new() { Customer = ("account", account), Total = total };

    public static Payload Update(Guid account, decimal before, decimal after) =>
        new() { MessageName = "Update", Total = after, Before = (("account", account), before) };

    public string Json()
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""
            {"BusinessUnitId":"7d0bd7a0-5c7a-e711-8118-c4346bdc0e01","CorrelationId":"3c4e1fbc-21b1-4f5f-9c1e-59f1b7a9d2e1","Depth":1,
            "InitiatingUserId":"{{InitiatingUserId}}","InputParameters":[
            """);
        if (WithTarget)
        {
            var attributes = new List<string>();
            if (Customer is { } customer)
            {
                attributes.Add(Pair("customerid", Reference(customer)));
            }

            if (ParentCustomer is { } parent)
            {
                attributes.Add(Pair("parentcustomerid", Reference(parent)));
            }

            if (Total is { } total)
            {
                attributes.Add(Pair("totalamount", Money(total)));
            }

            json.Append(CultureInfo.InvariantCulture, $"{{\"key\":\"Target\",\"value\":{Entity(MessageName == "Create" ? Guid.Empty : OrderId, attributes)}}}");
        }

        json.Append(CultureInfo.InvariantCulture, $"""
            ],"IsExecutingOffline":false,"IsInTransaction":false,"MessageName":"{MessageName}","Mode":0,
            "OperationCreatedOn":"\/Date(1700000000000)\/","PostEntityImages":[],"PreEntityImages":[
            """);
        if (Before is { } before)
        {
            json.Append(CultureInfo.InvariantCulture, $"{{\"key\":\"PreImage\",\"value\":{Entity(OrderId, [Pair("customerid", Reference(before.Customer)), Pair("totalamount", Money(before.Total))])}}}");
        }

        json.Append(CultureInfo.InvariantCulture, $$"""
            ],"PrimaryEntityId":"{{(MessageName == "Create" ? Guid.Empty : OrderId)}}","PrimaryEntityName":"salesorder","SecondaryEntityName":"none",
            "SharedVariables":[],"Stage":10,"UserId":"{{InitiatingUserId}}"}
            """);
        return json.ToString();
    }

    private static string Pair(string key, string value) => $"{{\"key\":\"{key}\",\"value\":{value}}}";

    private static string Reference((string LogicalName, Guid Id) reference) =>
        $"{{\"__type\":\"EntityReference{ContractsType}\",\"Id\":\"{reference.Id}\",\"KeyAttributes\":[],\"LogicalName\":\"{reference.LogicalName}\",\"Name\":null,\"RowVersion\":null}}";

    private static string Money(decimal value) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"__type\":\"Money{ContractsType}\",\"Value\":{value}}}");

    private static string Entity(Guid id, IEnumerable<string> attributes) =>
        $"{{\"__type\":\"Entity{ContractsType}\",\"Attributes\":[{string.Join(",", attributes)}],\"EntityState\":null,\"FormattedValues\":[],"
        + $"\"Id\":\"{id}\",\"KeyAttributes\":[],\"LogicalName\":\"salesorder\",\"RelatedEntities\":[],\"RowVersion\":null}}";
}
