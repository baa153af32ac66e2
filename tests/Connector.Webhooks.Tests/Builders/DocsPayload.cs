using System.Globalization;
using System.Text.Json.Nodes;

namespace Connector.Webhooks.Tests.Builders;

/// <summary>
/// Salesorder contexts made from the payloads Microsoft's docs print (<c>tests/fixtures/webhooks/</c>, see SOURCE.md):
/// the documented envelope — every top-level field, SharedVariables, ParentContext, OwningExtension, WCF dates — kept
/// as printed, with the Target (and images) turned into a sales order: <c>customerid</c>, <c>totalamount</c>,
/// <c>transactioncurrencyid</c>, <c>exchangerate</c> (a plain decimal) and <c>totalamount_base</c> in their documented
/// typed forms.
/// </summary>
internal sealed record DocsPayload
{
    private const string Contracts = ":http://schemas.microsoft.com/xrm/2011/Contracts";

    public static readonly Guid OrderId = Guid.Parse("d4d4d4d4-0000-0000-0000-000000000044");

    /// <summary>The synchronous Create of the 2024 docs page (Mode 0), as the PreValidation check receives it.</summary>
    public static DocsPayload Create(string customerTable, Guid customer, decimal total, Guid? currency, string? currencyName = null) => new()
    {
        Fixture = "remoteexecutioncontext-create-sync-2024.json",
        MessageName = "Create",
        Target = new OrderValues(customerTable, customer, total, currency, currencyName),
    };

    /// <summary>The asynchronous Update of the use-webhooks sample (Mode 1, Stage 40), as the order-changed step receives it.</summary>
    public static DocsPayload AsyncUpdate(Guid customer, decimal total, Guid? currency) => new()
    {
        Fixture = "remoteexecutioncontext-update-async-contact.json",
        MessageName = "Update",
        Target = new OrderValues(null, customer, total, currency, null),
    };

    public required string Fixture { get; init; }

    public required string MessageName { get; init; }

    public required OrderValues Target { get; init; }

    /// <summary>An Update's pre-image (customer, total and currency before the edit).</summary>
    public OrderValues? Before { get; init; }

    /// <summary>Run as a synchronous PreValidation step (the order check) whatever the fixture's mode.</summary>
    public bool AsCheck { get; init; } = true;

    /// <summary>The context over 256 KB as Dataverse sends it: without ParentContext, InputParameters and images.</summary>
    public bool Truncated { get; init; }

    public string Json()
    {
        var context = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "webhooks", Fixture)))!.AsObject();
        var isCreate = MessageName == "Create";
        var id = isCreate ? Guid.Empty : OrderId;
        context[nameof(MessageName)] = MessageName;
        context["PrimaryEntityName"] = "salesorder";
        context["PrimaryEntityId"] = id.ToString("D");
        if (AsCheck)
        {
            context["Mode"] = 0;
            context["Stage"] = 10;
        }

        var input = context["InputParameters"]!.AsArray();
        var target = input.First(p => p!["key"]!.GetValue<string>() == "Target")!["value"]!.AsObject();
        Order(target, id, Target);
        context["PreEntityImages"] = Before is { } before
            ? new JsonArray(new JsonObject { ["key"] = "PreImage", ["value"] = Order(Entity(), OrderId, before) })
            : new JsonArray();
        if (context["PostEntityImages"] is JsonArray post && post.Count > 0)
        {
            // The automatic image of an asynchronous step: the row's primary name and id, no __type, as printed.
            var image = post[0]!["value"]!.AsObject();
            image["LogicalName"] = "salesorder";
            image["Id"] = OrderId.ToString("D");
            image["Attributes"] = new JsonArray(Pair("name", "Spring restock"), Pair("salesorderid", OrderId.ToString("D")));
        }

        if (Truncated)
        {
            foreach (var removed in (string[])["ParentContext", "InputParameters", "PreEntityImages", "PostEntityImages"])
            {
                context.Remove(removed);
            }
        }

        return context.ToJsonString();
    }

    private static JsonObject Order(JsonObject entity, Guid id, OrderValues values)
    {
        entity["LogicalName"] = "salesorder";
        entity["Id"] = id.ToString("D");
        var attributes = new JsonArray();
        if (values.CustomerTable is { } table)
        {
            attributes.Add(Pair("customerid", Reference(table, values.Customer, null)));
        }

        attributes.Add(Pair("totalamount", Money(values.Total)));
        if (values.Currency is { } currency)
        {
            attributes.Add(Pair("transactioncurrencyid", Reference("transactioncurrency", currency, values.CurrencyName)));
        }

        if (values.ExchangeRate is { } rate)
        {
            attributes.Add(Pair("exchangerate", rate));
        }

        if (values.BaseAmount is { } baseAmount)
        {
            attributes.Add(Pair("totalamount_base", Money(baseAmount)));
        }

        attributes.Add(Pair("modifiedon", "/Date(1506384247000)/"));
        entity["Attributes"] = attributes;
        entity["FormattedValues"] = new JsonArray(Pair("totalamount", values.Total.ToString("N2", CultureInfo.InvariantCulture)));
        return entity;
    }

    private static JsonObject Entity() => new()
    {
        ["__type"] = "Entity" + Contracts,
        ["Attributes"] = new JsonArray(),
        ["EntityState"] = null,
        ["FormattedValues"] = new JsonArray(),
        ["Id"] = Guid.Empty.ToString("D"),
        ["KeyAttributes"] = new JsonArray(),
        ["LogicalName"] = "salesorder",
        ["RelatedEntities"] = new JsonArray(),
        ["RowVersion"] = null,
    };

    private static JsonObject Pair(string key, JsonNode? value) => new() { ["key"] = key, ["value"] = value };

    private static JsonObject Reference(string table, Guid id, string? name) => new()
    {
        ["__type"] = "EntityReference" + Contracts,
        ["Id"] = id.ToString("D"),
        ["KeyAttributes"] = new JsonArray(),
        ["LogicalName"] = table,
        ["Name"] = name,
        ["RowVersion"] = null,
    };

    private static JsonObject Money(decimal value) => new() { ["__type"] = "Money" + Contracts, ["Value"] = value };
}

/// <summary>A sales order's customer and money in a payload; <c>CustomerTable</c> <c>null</c> leaves the customer out (an Update that does not change it).</summary>
internal sealed record OrderValues(string? CustomerTable, Guid Customer, decimal Total, Guid? Currency, string? CurrencyName)
{
    public decimal? ExchangeRate { get; init; }

    public decimal? BaseAmount { get; init; }
}
