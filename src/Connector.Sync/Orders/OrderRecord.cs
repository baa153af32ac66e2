using System.Globalization;
using System.Text.Json;

namespace Connector.Sync.Orders;

/// <summary>
/// A sales order as Dataverse returns it to the order credit pass (change tracking or a read by id): who it is for,
/// how much, who owns it, and what its credit columns say now — including a status an AR manager set.
/// </summary>
public sealed record OrderRecord
{
    /// <summary>The columns the pass selects.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "salesorderid", "ordernumber", "name", "_customerid_value", "totalamount", "_transactioncurrencyid_value", "exchangerate", "totalamount_base",
        "_ownerid_value", "statecode",
        "arc_creditstatus", "arc_creditmessage", "arc_releasereason", "_modifiedby_value", "modifiedon",
    ];

    public required Guid Id { get; init; }

    public string? Number { get; init; }

    public string? Name { get; init; }

    /// <summary>The customer lookup: an account or a contact; <c>null</c> when the order has none yet.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary><c>account</c> or <c>contact</c>.</summary>
    public string? CustomerTable { get; init; }

    /// <summary><c>totalamount</c>, in the order's transaction currency.</summary>
    public decimal? Amount { get; init; }

    /// <summary><c>transactioncurrencyid</c>; <c>null</c> when not returned.</summary>
    public Guid? CurrencyId { get; init; }

    /// <summary><c>exchangerate</c>: transaction-currency units per one unit of the organisation's base currency.</summary>
    public decimal? ExchangeRate { get; init; }

    /// <summary><c>totalamount_base</c>, in the organisation's base currency.</summary>
    public decimal? BaseAmount { get; init; }

    /// <summary>The order's money as the credit check converts it.</summary>
    public Credit.OrderMoney Money => new(Amount, CurrencyId, null, ExchangeRate, BaseAmount);

    /// <summary>The owning user; <c>null</c> when a team owns the order (a notification goes to a user only).</summary>
    public Guid? OwnerUserId { get; init; }

    /// <summary>0 Active, 1 Submitted, 2 Canceled, 3 Fulfilled, 4 Invoiced; <c>null</c> when not returned.</summary>
    public int? StateCode { get; init; }

    /// <summary>The <c>arc_creditstatus</c> option value, <c>null</c> when empty.</summary>
    public int? CreditStatus { get; init; }

    public string? CreditMessage { get; init; }

    public string? ReleaseReason { get; init; }

    public Guid? ModifiedById { get; init; }

    /// <summary>The display name of who last changed the order (for the audit: who released it).</summary>
    public string? ModifiedByName { get; init; }

    public DateTimeOffset? ModifiedOn { get; init; }

    /// <summary>Whether the order can still be fulfilled: Active, or no state returned.</summary>
    public bool IsOpen => StateCode is null or 0;

    public static OrderRecord Parse(Guid id, JsonElement record) => new()
    {
        Id = id,
        Number = Text(record, "ordernumber"),
        Name = Text(record, "name"),
        CustomerId = ReadId(record, "_customerid_value"),
        CustomerTable = Text(record, "_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"),
        Amount = ReadNumber(record, "totalamount"),
        CurrencyId = ReadId(record, "_transactioncurrencyid_value"),
        ExchangeRate = ReadNumber(record, "exchangerate"),
        BaseAmount = ReadNumber(record, "totalamount_base"),
        OwnerUserId = Text(record, "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname") is "team" ? null : ReadId(record, "_ownerid_value"),
        StateCode = (int?)ReadNumber(record, "statecode"),
        CreditStatus = (int?)ReadNumber(record, "arc_creditstatus"),
        CreditMessage = Text(record, "arc_creditmessage"),
        ReleaseReason = Text(record, "arc_releasereason") is { } reason && reason.Trim().Length > 0 ? reason.Trim() : null,
        ModifiedById = ReadId(record, "_modifiedby_value"),
        ModifiedByName = Text(record, "_modifiedby_value@OData.Community.Display.V1.FormattedValue"),
        ModifiedOn = Text(record, "modifiedon") is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var on) ? on : null,
    };

    private static string? Text(JsonElement record, string column) =>
        record.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Guid? ReadId(JsonElement record, string column) =>
        Text(record, column) is { } text && Guid.TryParse(text, out var id) ? id : null;

    private static decimal? ReadNumber(JsonElement record, string column) =>
        record.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) ? number : null;
}
