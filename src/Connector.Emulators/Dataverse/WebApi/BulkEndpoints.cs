using System.Globalization;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// CreateMultiple, UpdateMultiple and UpsertMultiple bound to an entity set. Every target must carry
/// <c>@odata.type</c> naming this table; the message is all or nothing (a failing target rolls every write back and
/// the response is that target's error); only custom tables and the standard tables the options list support them,
/// so the <c>sdkmessagefilters</c> probe and the message agree.
/// </summary>
internal static class BulkEndpoints
{
    public static readonly IReadOnlyList<string> Messages = ["CreateMultiple", "UpdateMultiple", "UpsertMultiple"];

    public static bool Supports(DataverseEnvironment environment, TableState table) =>
        table.Definition.IsCustomEntity || environment.Options.BulkMessageStandardTables.Contains(table.LogicalName);

    public static ApiResponse Execute(DataverseEnvironment environment, ApiRequest request, TableState table, string message)
    {
        if (!Supports(environment, table))
        {
            throw new DataverseFaultException(400, ErrorCodes.MessageNotSupportedForEntity,
                $"The '{message}' method does not support entities of type '{table.LogicalName}'. MessageProcessorCache returned MessageProcessor.Empty.");
        }

        if (RecordEndpoints.ReadBody(request)["Targets"] is not JsonArray { Count: > 0 } targets)
        {
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, $"{message} needs a non-empty 'Targets' array.");
        }

        var user = environment.UserIdLocked(request.Caller);
        var journal = new UndoJournal();
        var ids = new JsonArray();
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i] as JsonObject
                    ?? throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, $"Targets[{i.ToString(CultureInfo.InvariantCulture)}] is not an entity object.");
                RequireType(table, target, i);
                var id = message switch
                {
                    "CreateMultiple" => Create(environment, table, target, user, journal),
                    "UpdateMultiple" => Update(environment, table, target, user, journal),
                    _ => Upsert(environment, table, target, user, journal, named, i),
                };
                ids.Add(id.ToString("D"));
            }
        }
        catch (DataverseFaultException)
        {
            journal.Rollback();
            throw;
        }

        // Inside a change set the whole message must also roll back if a later member fails.
        request.Journal?.Record(journal.Rollback);
        request.Cost?.AddRecords(targets.Count);
        return message == "CreateMultiple"
            ? ApiResponse.Json(200, new JsonObject
            {
                ["@odata.context"] = $"{request.ServiceRoot}$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse",
                ["Ids"] = ids,
            })
            : ApiResponse.NoContent();
    }

    private static void RequireType(TableState table, JsonObject target, int index)
    {
        var type = (target["@odata.type"] as JsonValue)?.TryGetValue<string>(out var text) == true ? text.TrimStart('#') : null;
        if (type is null)
        {
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument,
                $"Targets[{index.ToString(CultureInfo.InvariantCulture)}] has no '@odata.type'; every target must name its table, e.g. '{table.EntityTypeName}'.");
        }

        if (!string.Equals(type, table.EntityTypeName, StringComparison.Ordinal))
        {
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument,
                $"Targets[{index.ToString(CultureInfo.InvariantCulture)}] is of type '{type}'; all targets must be of the type of the entity set, '{table.EntityTypeName}'.");
        }
    }

    private static Guid Create(DataverseEnvironment environment, TableState table, JsonObject target, Guid user, UndoJournal journal)
    {
        var payload = PayloadReader.Read(environment, table, target, PayloadReader.NoBatchReferences);
        return environment.InsertLocked(table, payload.Id ?? Guid.NewGuid(), payload.Values, user, journal);
    }

    private static Guid Update(DataverseEnvironment environment, TableState table, JsonObject target, Guid user, UndoJournal journal)
    {
        var payload = PayloadReader.Read(environment, table, target, PayloadReader.NoBatchReferences);
        var address = AddressOf(environment, table, target, payload)
            ?? throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, $"An UpdateMultiple target must carry its {table.Definition.PrimaryIdAttribute} or '@odata.id'.");
        var existing = address.Find() ?? throw address.NotFound();
        var changes = payload.Values.Where(v => !address.KeyValues.ContainsKey(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        environment.ModifyLocked(table, existing, changes, user, journal);
        return existing.Id;
    }

    /// <param name="named">Which target named each record so far: a second target for one record is refused (bulk-operations.md).</param>
    private static Guid Upsert(DataverseEnvironment environment, TableState table, JsonObject target, Guid user, UndoJournal journal, Dictionary<string, int> named, int index)
    {
        var payload = PayloadReader.Read(environment, table, target, PayloadReader.NoBatchReferences);
        var address = AddressOf(environment, table, target, payload)
            ?? throw new DataverseFaultException(400, ErrorCodes.InvalidArgument,
                $"An UpsertMultiple target must be identified by '@odata.id' (e.g. \"{table.Definition.EntitySetName}(key='value')\"), its alternate key columns or its {table.Definition.PrimaryIdAttribute}.");
        if (!named.TryAdd(address.Identity, index))
        {
            // "When more than one record in the Targets parameter is uniquely identified by a primary or alternate key,
            // UpsertMultiple will return an error." The docs print no code; the shape is Dataverse's error object.
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, string.Create(CultureInfo.InvariantCulture,
                $"Targets[{named[address.Identity]}] and Targets[{index}] identify the same {table.LogicalName} record; UpsertMultiple does not accept more than one target per primary or alternate key value."));
        }

        var existing = address.Find();
        if (existing is not null)
        {
            var changes = payload.Values.Where(v => !address.KeyValues.ContainsKey(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            environment.ModifyLocked(table, existing, changes, user, journal);
            return existing.Id;
        }

        if (target.ContainsKey("@odata.id") && address.KeyValues.Keys.Any(payload.Values.ContainsKey))
        {
            // Recorded against a live environment (fidelity facts item 6): on the create path a key column both in
            // '@odata.id' and in the body is refused with the generic unexpected error; the update path tolerates it.
            throw new DataverseFaultException(400, ErrorCodes.Unexpected, "An unexpected error occurred.");
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (column, value) in address.KeyValues)
        {
            values[column] = value;
        }

        foreach (var (column, value) in payload.Values)
        {
            values[column] = value;
        }

        return environment.InsertLocked(table, address.Id ?? payload.Id ?? Guid.NewGuid(), values, user, journal);
    }

    /// <summary>How a target names its record: <c>@odata.id</c>, else the primary id, else the columns of an alternate key in the body.</summary>
    private static RecordAddress? AddressOf(DataverseEnvironment environment, TableState table, JsonObject target, RecordPayload payload)
    {
        if ((target["@odata.id"] as JsonValue)?.TryGetValue<string>(out var url) == true)
        {
            var (addressed, key) = ResourcePath.EntityReference(environment, url);
            if (addressed != table)
            {
                throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, $"'@odata.id' {url} does not name a {table.LogicalName} record.");
            }

            return RecordAddress.Resolve(environment, table, key);
        }

        if (payload.Id is { } id)
        {
            return RecordAddress.Resolve(environment, table, new KeySegment(id, []));
        }

        foreach (var key in table.Keys)
        {
            if (key.Definition.KeyAttributes.All(a => payload.Values.TryGetValue(a, out var v) && v is not null))
            {
                var pairs = key.Definition.KeyAttributes
                    .Select(a => new KeyValuePair<string, Query.ODataLiteral>(a, LiteralOf(payload.Values[a]!)))
                    .ToList();
                return RecordAddress.Resolve(environment, table, new KeySegment(null, pairs));
            }
        }

        return null;
    }

    private static Query.ODataLiteral LiteralOf(object value) => value switch
    {
        string text => new(Query.LiteralKind.String, text),
        int number => new(Query.LiteralKind.Number, (decimal)number),
        decimal number => new(Query.LiteralKind.Number, number),
        bool flag => new(Query.LiteralKind.Boolean, flag),
        DateTimeOffset moment => new(Query.LiteralKind.DateTime, moment),
        Guid id => new(Query.LiteralKind.Guid, id),
        RecordReference reference => new(Query.LiteralKind.Guid, reference.Id),
        _ => new(Query.LiteralKind.String, value.ToString()),
    };
}
