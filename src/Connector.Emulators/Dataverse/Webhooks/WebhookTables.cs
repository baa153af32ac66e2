using Connector.Emulators.Dataverse.Metadata;

namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>
/// The system tables a webhook registration lives in (serviceendpoint, sdkmessage, sdkmessagefilter,
/// sdkmessageprocessingstep, sdkmessageprocessingstepimage), with the columns the documented registration sets
/// (reference §8.1–8.2). They are ordinary tables to the Web API, so a step is registered with a plain POST.
/// </summary>
public static class WebhookTables
{
    public const string ServiceEndpoint = "serviceendpoint";
    public const string Message = "sdkmessage";
    public const string MessageFilter = "sdkmessagefilter";
    public const string Step = "sdkmessageprocessingstep";
    public const string StepImage = "sdkmessageprocessingstepimage";

    /// <summary>The messages a step may be registered on here; the filters are seeded for each of them and every table.</summary>
    public static IReadOnlyList<string> Messages { get; } = ["Create", "Update", "Delete"];

    public static IReadOnlyList<TableDefinition> All { get; } =
    [
        new(ServiceEndpoint, "serviceendpoints", "serviceendpointid", "name",
        [
            new("serviceendpointid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 256),
            new("description", ColumnType.String, MaxLength: 2000),
            new("url", ColumnType.String, MaxLength: 2000),
            // 8 = Webhook; the others are Service Bus and Event Hub contracts, stored but never called.
            new("contract", ColumnType.Picklist, Options: [1, 2, 3, 4, 5, 6, 7, 8, 9]),
            new("messageformat", ColumnType.Picklist, Options: [1, 2, 3]),
            // 4 = WebhookKey (?code=), 5 = HttpHeader, 6 = HttpQueryString.
            new("authtype", ColumnType.Picklist, Options: [1, 2, 3, 4, 5, 6, 7, 8]),
            new("authvalue", ColumnType.Memo, MaxLength: 2048),
        ],
        []),
        new(Message, "sdkmessages", "sdkmessageid", "name",
        [
            new("sdkmessageid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 256),
        ],
        []),
        new(MessageFilter, "sdkmessagefilters", "sdkmessagefilterid", "primaryobjecttypecode",
        [
            new("sdkmessagefilterid", ColumnType.Uniqueidentifier),
            new("primaryobjecttypecode", ColumnType.String, MaxLength: 128),
            new("sdkmessageid", ColumnType.Lookup, Targets: [Message], SchemaName: "sdkmessageid"),
        ],
        []),
        new(Step, "sdkmessageprocessingsteps", "sdkmessageprocessingstepid", "name",
        [
            new("sdkmessageprocessingstepid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 256),
            new("description", ColumnType.String, MaxLength: 256),
            new("stage", ColumnType.Picklist, Options: [10, 20, 30, 40]),
            new("mode", ColumnType.Picklist, Options: [0, 1]),
            new("rank", ColumnType.Integer),
            new("supporteddeployment", ColumnType.Picklist, Options: [0, 1, 2]),
            new("asyncautodelete", ColumnType.Boolean),
            new("filteringattributes", ColumnType.Memo, MaxLength: 100000),
            new("statecode", ColumnType.Picklist, Options: [0, 1]),
            // Polymorphic (plugintype or serviceendpoint): a webhook binds eventhandler_serviceendpoint.
            new("eventhandler", ColumnType.Customer, Targets: [ServiceEndpoint], SchemaName: "eventhandler"),
            new("sdkmessageid", ColumnType.Lookup, Targets: [Message], SchemaName: "sdkmessageid"),
            new("sdkmessagefilterid", ColumnType.Lookup, Targets: [MessageFilter], SchemaName: "sdkmessagefilterid"),
        ],
        []),
        new(StepImage, "sdkmessageprocessingstepimages", "sdkmessageprocessingstepimageid", "name",
        [
            new("sdkmessageprocessingstepimageid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 256),
            new("entityalias", ColumnType.String, MaxLength: 256),
            // 0 = PreImage, 1 = PostImage, 2 = Both.
            new("imagetype", ColumnType.Picklist, Options: [0, 1, 2]),
            new("attributes", ColumnType.Memo, MaxLength: 100000),
            new("messagepropertyname", ColumnType.String, MaxLength: 256),
            new("sdkmessageprocessingstepid", ColumnType.Lookup, Targets: [Step], SchemaName: "sdkmessageprocessingstepid"),
        ],
        []),
    ];
}
