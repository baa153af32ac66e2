using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>What one step invocation is about: the operation, the record, who did it and the images.</summary>
internal sealed record StepInvocation(
    RegisteredStep Step,
    TableState Table,
    Guid RecordId,
    IReadOnlyDictionary<string, object?> Target,
    StoredRecord? Before,
    StoredRecord? After,
    Guid UserId,
    Guid CorrelationId,
    Guid RequestId,
    DateTimeOffset At);

/// <summary>
/// Writes a <c>RemoteExecutionContext</c> as Dataverse posts it (reference §8.4): WCF DataContractJsonSerializer
/// style, top-level keys in the order of Microsoft's sample, <c>{key,value}</c> lists, <c>__type</c> first in every
/// typed value, dates as <c>\/Date(ms)\/</c> and every <c>/</c> escaped as <c>\/</c>.
/// </summary>
internal static class ExecutionContextWriter
{
    public const string Contracts = "http://schemas.microsoft.com/xrm/2011/Contracts";

    /// <summary>The post image Dataverse adds to every asynchronous step's context.</summary>
    public const string AsynchronousStepPrimaryName = "AsynchronousStepPrimaryName";

    // WCF writes non-ASCII text as is; the default encoder would escape it (valid JSON either way).
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body; when it exceeds <paramref name="maxBytes"/>, the reduced body Dataverse sends instead and <c>truncated</c> true.</summary>
    public static (string Body, bool Truncated) Write(DataverseEnvironment environment, StepInvocation invocation, int maxBytes)
    {
        var full = Escape(Context(environment, invocation, truncated: false).ToJsonString(Relaxed));
        if (System.Text.Encoding.UTF8.GetByteCount(full) <= maxBytes)
        {
            return (full, false);
        }

        // Over 256 KB Dataverse drops ParentContext, InputParameters and the images and says so in a header (§8.3).
        return (Escape(Context(environment, invocation, truncated: true).ToJsonString(Relaxed)), true);
    }

    private static JsonObject Context(DataverseEnvironment environment, StepInvocation invocation, bool truncated)
    {
        var step = invocation.Step;
        var isCreate = string.Equals(step.Message, "Create", StringComparison.Ordinal);
        var output = new JsonArray();
        if (isCreate && step.Stage == WebhookStage.PostOperation)
        {
            output.Add(Pair("id", invocation.RecordId.ToString("D")));
        }

        var input = new JsonArray();
        var pre = new JsonArray();
        var post = new JsonArray();
        if (!truncated)
        {
            input.Add(Pair("Target", Entity(environment, invocation.Table, invocation.RecordId, invocation.Target)));
            foreach (var image in step.Images)
            {
                if (image.Pre && invocation.Before is { } before && !isCreate)
                {
                    pre.Add(Pair(image.Name, Entity(environment, invocation.Table, before.Id, ImageValues(invocation.Table, before, image))));
                }

                if (image.Post && invocation.After is { } after && step.Stage == WebhookStage.PostOperation)
                {
                    post.Add(Pair(image.Name, Entity(environment, invocation.Table, after.Id, ImageValues(invocation.Table, after, image))));
                }
            }

            // An asynchronous step always carries this post image: the row's primary name and id, and — as Microsoft's
            // sample prints it — no __type (fidelity facts 20).
            if (step.Mode == WebhookMode.Asynchronous && invocation.After is { } row
                && !step.Images.Any(i => string.Equals(i.Name, AsynchronousStepPrimaryName, StringComparison.Ordinal)))
            {
                var definition = invocation.Table.Definition;
                var primary = new Dictionary<string, object?>(StringComparer.Ordinal);
                if (row.Get(invocation.Table, definition.PrimaryNameAttribute) is { } name)
                {
                    primary[definition.PrimaryNameAttribute] = name;
                }

                primary[definition.PrimaryIdAttribute] = row.Id;
                var image = Entity(environment, invocation.Table, row.Id, primary);
                image.Remove("__type");
                post.Add(Pair(AsynchronousStepPrimaryName, image));
            }
        }

        var user = invocation.UserId.ToString("D");
        var context = new JsonObject
        {
            ["BusinessUnitId"] = environment.BusinessUnitId.ToString("D"),
            ["CorrelationId"] = invocation.CorrelationId.ToString("D"),
            ["Depth"] = 1,
            ["InitiatingUserAzureActiveDirectoryObjectId"] = Guid.Empty.ToString("D"),
            ["InitiatingUserId"] = user,
            ["InputParameters"] = input,
            ["IsExecutingOffline"] = false,
            ["IsInTransaction"] = step.Stage != WebhookStage.PreValidation && step.Mode == WebhookMode.Synchronous,
            ["IsOfflinePlayback"] = false,
            ["IsolationMode"] = 1,
            ["MessageName"] = step.Message,
            ["Mode"] = (int)step.Mode,
            ["OperationCreatedOn"] = Date(invocation.At),
            ["OperationId"] = invocation.RequestId.ToString("D"),
            ["OrganizationId"] = environment.OrganizationId.ToString("D"),
            ["OrganizationName"] = environment.Options.Webhooks.OrganizationName,
            ["OutputParameters"] = output,
            ["OwningExtension"] = Reference(WebhookTables.Step, step.Id, step.Name),
            ["ParentContext"] = null,
            ["PostEntityImages"] = post,
            ["PreEntityImages"] = pre,
            ["PrimaryEntityId"] = invocation.RecordId.ToString("D"),
            ["PrimaryEntityName"] = invocation.Table.LogicalName,
            ["RequestId"] = invocation.RequestId.ToString("D"),
            ["SecondaryEntityName"] = "none",
            ["SharedVariables"] = new JsonArray(),
            ["Stage"] = (int)step.Stage,
            ["UserAzureActiveDirectoryObjectId"] = Guid.Empty.ToString("D"),
            ["UserId"] = user,
        };
        if (truncated)
        {
            // Over 256 KB these four are removed, not emptied (fidelity facts 19).
            foreach (var removed in (string[])["ParentContext", "InputParameters", "PreEntityImages", "PostEntityImages"])
            {
                context.Remove(removed);
            }
        }

        return context;
    }

    private static Dictionary<string, object?> ImageValues(TableState table, StoredRecord record, StepImage image)
    {
        IReadOnlyList<string> columns = image.Attributes.Count > 0 ? image.Attributes : [table.Definition.PrimaryIdAttribute, .. table.Columns.Keys.Where(c => c != table.Definition.PrimaryIdAttribute)];
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            // An image carries the columns that have a value, as Dataverse's do.
            if (record.Get(table, column) is { } value)
            {
                values[column] = value;
            }
        }

        return values;
    }

    private static JsonObject Entity(DataverseEnvironment environment, TableState table, Guid id, IReadOnlyDictionary<string, object?> values)
    {
        var attributes = new JsonArray();
        var formatted = new JsonArray();
        foreach (var (column, value) in values)
        {
            var definition = table.Columns.GetValueOrDefault(column);
            attributes.Add(Pair(column, Value(environment, definition, value)));
            if (definition?.Type == ColumnType.Money && value is decimal money)
            {
                formatted.Add(Pair(column, money.ToString("N2", CultureInfo.InvariantCulture)));
            }
        }

        return new JsonObject
        {
            ["__type"] = $"Entity:{Contracts}",
            ["Attributes"] = attributes,
            ["EntityState"] = null,
            ["FormattedValues"] = formatted,
            ["Id"] = id.ToString("D"),
            ["KeyAttributes"] = new JsonArray(),
            ["LogicalName"] = table.LogicalName,
            ["RelatedEntities"] = new JsonArray(),
            ["RowVersion"] = null,
        };
    }

    private static JsonNode? Value(DataverseEnvironment environment, ColumnDefinition? column, object? value) => value switch
    {
        null => null,
        RecordReference reference => Reference(reference.Table, reference.Id, null),
        decimal amount when column?.Type == ColumnType.Money => new JsonObject { ["__type"] = $"Money:{Contracts}", ["Value"] = amount },
        int option when column?.Type == ColumnType.Picklist => new JsonObject { ["__type"] = $"OptionSetValue:{Contracts}", ["Value"] = option },
        DateTimeOffset moment => Date(moment),
        DateTime moment => Date(new DateTimeOffset(DateTime.SpecifyKind(moment, DateTimeKind.Utc))),
        Guid id => id.ToString("D"),
        string text => text,
        bool flag => flag,
        int number => number,
        long number => number,
        decimal number => number,
        double number => number,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

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

    /// <summary>
    /// WCF escapes every solidus; in JSON text a <c>/</c> can only be inside a string, so replacing all of them gives
    /// exactly its form (<c>"Entity:http:\/\/schemas…"</c>, <c>"\/Date(…)\/"</c>).
    /// </summary>
    private static string Escape(string json) => json.Replace("/", "\\/", StringComparison.Ordinal);
}
