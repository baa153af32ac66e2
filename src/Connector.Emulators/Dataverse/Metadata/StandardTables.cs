using Connector.Emulators.Dataverse.Webhooks;

namespace Connector.Emulators.Dataverse.Metadata;

/// <summary>
/// The standard tables a fresh environment has, with the columns this emulator needs of them. No alternate keys and
/// no change tracking until a solution adds them: that is what a new environment looks like. The webhook registration
/// tables (<see cref="WebhookTables"/>) are system tables and come with it.
/// </summary>
public static class StandardTables
{
    public static IReadOnlyList<TableDefinition> All { get; } =
    [
        new("account", "accounts", "accountid", "name",
        [
            new("accountid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 160),
            new("accountnumber", ColumnType.String, MaxLength: 20),
            new("creditlimit", ColumnType.Money),
            new("creditonhold", ColumnType.Boolean),
            new("emailaddress1", ColumnType.String, MaxLength: 100),
            new("telephone1", ColumnType.String, MaxLength: 50),
            new("parentaccountid", ColumnType.Lookup, Targets: ["account"], SchemaName: "parentaccountid"),
            new("ownerid", ColumnType.Owner, Targets: ["systemuser"], SchemaName: "ownerid"),
            new("modifiedby", ColumnType.Lookup, Targets: ["systemuser"], SchemaName: "modifiedby"),
            new("modifiedon", ColumnType.DateTime),
        ],
        []),
        new("contact", "contacts", "contactid", "fullname",
        [
            new("contactid", ColumnType.Uniqueidentifier),
            new("fullname", ColumnType.String, MaxLength: 160),
            new("firstname", ColumnType.String, MaxLength: 50),
            new("lastname", ColumnType.String, MaxLength: 50),
            new("emailaddress1", ColumnType.String, MaxLength: 100),
            new("parentcustomerid", ColumnType.Customer, Targets: ["account", "contact"], SchemaName: "parentcustomerid"),
            new("ownerid", ColumnType.Owner, Targets: ["systemuser"], SchemaName: "ownerid"),
            new("modifiedon", ColumnType.DateTime),
        ],
        []),
        new("salesorder", "salesorders", "salesorderid", "name",
        [
            new("salesorderid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 300),
            new("ordernumber", ColumnType.String, MaxLength: 100),
            new("customerid", ColumnType.Customer, Targets: ["account", "contact"], SchemaName: "customerid"),
            new("totalamount", ColumnType.Money),
            new("transactioncurrencyid", ColumnType.Lookup, Targets: ["transactioncurrency"], SchemaName: "transactioncurrencyid"),
            new("exchangerate", ColumnType.Decimal),
            new("totalamount_base", ColumnType.Money),
            new("statecode", ColumnType.Picklist, Options: [0, 1, 2, 3, 4]),
            new("statuscode", ColumnType.Picklist, Options: [1, 2, 3, 4, 100001, 100002, 100003]),
            new("ownerid", ColumnType.Owner, Targets: ["systemuser"], SchemaName: "ownerid"),
            new("modifiedby", ColumnType.Lookup, Targets: ["systemuser"], SchemaName: "modifiedby"),
            new("modifiedon", ColumnType.DateTime),
        ],
        []),
        new("appnotification", "appnotifications", "appnotificationid", "title",
        [
            new("appnotificationid", ColumnType.Uniqueidentifier),
            new("title", ColumnType.String, MaxLength: 200),
            new("body", ColumnType.Memo, MaxLength: 5000),
            new("icontype", ColumnType.Picklist, Options: [100000000, 100000001, 100000002, 100000003, 100000004, 100000005]),
            new("toasttype", ColumnType.Picklist, Options: [200000000, 200000001]),
            new("priority", ColumnType.Picklist, Options: [200000000, 200000001, 200000002, 200000003]),
            new("data", ColumnType.Memo, MaxLength: 5000),
            new("ttlinseconds", ColumnType.Integer), // "Expiry (seconds)" (send-in-app-notifications)
            new("ownerid", ColumnType.Owner, Targets: ["systemuser"], SchemaName: "ownerid"),
        ],
        []),
        // exchangerate: units of this currency per one unit of the base currency (1 for the base currency itself).
        new("transactioncurrency", "transactioncurrencies", "transactioncurrencyid", "currencyname",
        [
            new("transactioncurrencyid", ColumnType.Uniqueidentifier),
            new("currencyname", ColumnType.String, MaxLength: 100),
            new("isocurrencycode", ColumnType.String, MaxLength: 5),
            new("currencysymbol", ColumnType.String, MaxLength: 10),
            new("exchangerate", ColumnType.Decimal),
        ],
        []),
        new("organization", "organizations", "organizationid", "name",
        [
            new("organizationid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 160),
            new("basecurrencyid", ColumnType.Lookup, Targets: ["transactioncurrency"], SchemaName: "basecurrencyid"),
        ],
        []),
        new("systemuser", "systemusers", "systemuserid", "fullname",
        [
            new("systemuserid", ColumnType.Uniqueidentifier),
            new("fullname", ColumnType.String, MaxLength: 200),
            new("internalemailaddress", ColumnType.String, MaxLength: 100),
            new("applicationid", ColumnType.Uniqueidentifier),
        ],
        []),
        .. WebhookTables.All,
        .. SolutionComponentTables.All,
    ];
}
