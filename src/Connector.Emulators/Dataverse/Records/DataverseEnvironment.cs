using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.WebApi;
using Connector.Emulators.Dataverse.Webhooks;

namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// The emulated environment's state, in memory and thread-safe: the metadata catalog (standard tables, then what
/// solutions import), the rows of every table, the alternate key indexes, the change log change tracking reads, and
/// request counters. Tests and the demo assert on it and play a Dynamics user through it.
/// </summary>
public sealed partial class DataverseEnvironment
{
    private const string SystemUserName = "SYSTEM";

    private readonly DataverseEmulatorOptions options;
    private readonly Dictionary<string, TableState> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TableState> bySet = new(StringComparer.Ordinal);
    private long version;

    public DataverseEnvironment(DataverseEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        Webhooks = new WebhookPipeline(this, options.Webhooks);
        foreach (var table in StandardTables.All)
        {
            AddTable(table, KeysActiveAt(options.TimeProvider.GetUtcNow(), TimeSpan.Zero));
        }

        OrganizationId = DeterministicIds.Of("organization");
        BusinessUnitId = DeterministicIds.Of("businessunit");
        lock (Gate)
        {
            SystemUserId = UserIdLocked(SystemUserName);
            SeedMessageFiltersLocked(byName.Values.ToList());
        }

        // The organisation and its base currency, as every environment has them.
        var iso = options.BaseCurrency.ToUpperInvariant();
        BaseCurrencyId = DeterministicIds.Of("transactioncurrency:" + iso);
        Create("transactioncurrency", new Dictionary<string, object?>
        {
            ["transactioncurrencyid"] = BaseCurrencyId,
            ["currencyname"] = iso,
            ["isocurrencycode"] = iso,
            ["currencysymbol"] = iso,
            ["exchangerate"] = 1m,
        });
        Create("organization", new Dictionary<string, object?>
        {
            ["organizationid"] = OrganizationId,
            ["name"] = options.Webhooks.OrganizationName,
            ["basecurrencyid"] = new RecordReference("transactioncurrency", BaseCurrencyId),
        });
    }

    /// <summary>The organisation's base currency (<see cref="DataverseEmulatorOptions.BaseCurrency"/>).</summary>
    public Guid BaseCurrencyId { get; }

    /// <summary>The organization WhoAmI reports.</summary>
    public Guid OrganizationId { get; }

    /// <summary>The root business unit WhoAmI reports.</summary>
    public Guid BusinessUnitId { get; }

    /// <summary>The systemuser standing for callers that did not pass the front door (and for the platform itself).</summary>
    public Guid SystemUserId { get; }

    /// <summary>Requests answered, by kind.</summary>
    public RequestCounters Requests { get; } = new();

    /// <summary>Guards every read and write; reentrant, so a change set holds it across its members.</summary>
    internal Lock Gate { get; } = new();

    internal DataverseEmulatorOptions Options => options;

    internal TimeProvider Clock => options.TimeProvider;

    /// <summary>Every table as its metadata now reads, key index statuses evaluated against the clock.</summary>
    public IReadOnlyList<TableDefinition> Tables
    {
        get
        {
            lock (Gate)
            {
                return byName.Values.Select(DescribeLocked).ToList();
            }
        }
    }

    /// <summary>One table's metadata, or null when the environment has no such table.</summary>
    public TableDefinition? Table(string logicalName)
    {
        ArgumentNullException.ThrowIfNull(logicalName);
        lock (Gate)
        {
            return byName.TryGetValue(logicalName, out var table) ? DescribeLocked(table) : null;
        }
    }

    /// <summary>
    /// Applies what a solution brings: columns, keys and change tracking merged into existing tables, new tables added.
    /// Keys new to the environment start Pending and become Active after <see cref="DataverseEmulatorOptions.KeyActivationDelay"/>;
    /// a key whose columns already hold duplicate values fails, as its index build would.
    /// </summary>
    public void Import(IReadOnlyList<TableDefinition> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        // The delay is emulated time: with a time scale of 60 a 10-minute index build takes 10 real seconds.
        var delay = options.TimeScale > 0 ? TimeSpan.FromTicks((long)(options.KeyActivationDelay.Ticks / options.TimeScale)) : options.KeyActivationDelay;
        var activeAt = KeysActiveAt(Clock.GetUtcNow(), delay);
        lock (Gate)
        {
            foreach (var incoming in tables)
            {
                if (!byName.TryGetValue(incoming.LogicalName, out var table))
                {
                    AddTable(incoming, activeAt);
                    SeedMessageFiltersLocked([byName[incoming.LogicalName]]);
                    continue;
                }

                var columns = table.Definition.Columns.ToList();
                foreach (var column in incoming.Columns)
                {
                    var at = columns.FindIndex(c => string.Equals(c.LogicalName, column.LogicalName, StringComparison.Ordinal));
                    if (at >= 0)
                    {
                        columns[at] = column;
                    }
                    else
                    {
                        columns.Add(column);
                    }
                }

                var keys = table.Definition.Keys.ToList();
                foreach (var key in incoming.Keys.Where(k => !keys.Exists(existing => string.Equals(existing.SchemaName, k.SchemaName, StringComparison.Ordinal))))
                {
                    keys.Add(key);
                    var state = new KeyState(key, activeAt);
                    table.Keys.Add(state);
                    BuildIndex(table, state);
                }

                table.Definition = table.Definition with
                {
                    Columns = columns,
                    Keys = keys,
                    ChangeTrackingEnabled = table.Definition.ChangeTrackingEnabled || incoming.ChangeTrackingEnabled,
                };
            }
        }
    }

    /// <summary>Imports what a solution zip brings (<see cref="Solutions.SolutionImporter.Read"/>): its tables, then its components' rows.</summary>
    public void Import(Solutions.SolutionContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Import(content.Tables);
        ImportRows(content.Rows);
    }

    /// <summary>
    /// Writes the rows a solution's presentation components become (<see cref="Solutions.ComponentRow"/>): a component
    /// already there (same id) is replaced by the imported one, as importing a new version of the solution does.
    /// </summary>
    public void ImportRows(IReadOnlyList<Solutions.ComponentRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (Gate)
        {
            foreach (var row in rows)
            {
                var state = RequireTable(row.Table);
                var payload = PayloadReader.Read(this, state, ToPayload(state, row.Values), PayloadReader.NoBatchReferences);
                if (state.Records.TryGetValue(row.Id, out var existing))
                {
                    ModifyLocked(state, existing, payload.Values, SystemUserId, journal: null);
                }
                else
                {
                    InsertLocked(state, row.Id, payload.Values, SystemUserId, journal: null);
                }
            }
        }
    }

    /// <summary>Every row of a table (id order), with the primary id, createdon, modifiedon and versionnumber; lookups as <see cref="RecordReference"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Records(string logicalName)
    {
        lock (Gate)
        {
            var table = RequireTable(logicalName);
            return table.Order.Select(id => Snapshot(table, table.Records[id])).ToList();
        }
    }

    /// <summary>One row, or null when it does not exist.</summary>
    public IReadOnlyDictionary<string, object?>? Record(string logicalName, Guid id)
    {
        lock (Gate)
        {
            var table = RequireTable(logicalName);
            return table.Records.TryGetValue(id, out var record) ? Snapshot(table, record) : null;
        }
    }

    /// <summary>How many rows a table has.</summary>
    public int Count(string logicalName)
    {
        lock (Gate)
        {
            return RequireTable(logicalName).Records.Count;
        }
    }

    /// <summary>
    /// Creates a row as a Dynamics user would (validated like a Web API create). Values are CLR values by column logical
    /// name; a lookup takes a <see cref="RecordReference"/>. The row is owned and last modified by the user named
    /// <paramref name="actingUserName"/> (a systemuser created on demand), or by SYSTEM.
    /// </summary>
    public Guid Create(string table, IReadOnlyDictionary<string, object?> values, string? actingUserName = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (Gate)
        {
            var state = RequireTable(table);
            var user = UserIdLocked(actingUserName ?? SystemUserName);
            var payload = PayloadReader.Read(this, state, ToPayload(state, values), PayloadReader.NoBatchReferences);
            return InsertLocked(state, payload.Id ?? Guid.NewGuid(), payload.Values, user, journal: null);
        }
    }

    /// <summary>
    /// Updates a row as the Dynamics user <paramref name="actingUserName"/> would: modifiedby becomes that user (created
    /// on demand), modifiedon and the version move, and change tracking reports the row.
    /// </summary>
    public void Update(string table, Guid id, IReadOnlyDictionary<string, object?> values, string actingUserName)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(actingUserName);
        lock (Gate)
        {
            var state = RequireTable(table);
            var existing = state.Records.GetValueOrDefault(id)
                ?? throw new DataverseFaultException(404, ErrorCodes.ObjectDoesNotExist, $"{state.LogicalName} With Id = {id} Does Not Exist");
            var user = UserIdLocked(actingUserName);
            var payload = PayloadReader.Read(this, state, ToPayload(state, values), PayloadReader.NoBatchReferences);
            ModifyLocked(state, existing, payload.Values, user, journal: null);
        }
    }

    /// <summary>Deletes a row (change tracking reports it as deleted); 404-style fault when it does not exist.</summary>
    public void Delete(string table, Guid id)
    {
        lock (Gate)
        {
            var state = RequireTable(table);
            if (!state.Records.ContainsKey(id))
            {
                throw new DataverseFaultException(404, ErrorCodes.ObjectDoesNotExist, $"{state.LogicalName} With Id = {id} Does Not Exist");
            }

            RemoveLocked(state, id, journal: null);
        }
    }

    /// <summary>The systemuser with this full name, created when missing.</summary>
    public Guid UserId(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        lock (Gate)
        {
            return UserIdLocked(fullName);
        }
    }

    internal TableState? TableBySet(string entitySetName) => bySet.GetValueOrDefault(entitySetName);

    internal TableState? TableByName(string logicalName) => byName.GetValueOrDefault(logicalName);

    internal IEnumerable<TableState> AllTables => byName.Values;

    /// <summary>The systemuser a caller identity (from the front door) acts as; SYSTEM when there is none.</summary>
    internal Guid UserIdLocked(string? caller)
    {
        var name = string.IsNullOrEmpty(caller) ? SystemUserName : caller;
        var users = byName["systemuser"];
        foreach (var record in users.Records.Values)
        {
            if (record.Values.TryGetValue("fullname", out var fullName) && string.Equals(fullName as string, name, StringComparison.Ordinal))
            {
                return record.Id;
            }
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal) { ["fullname"] = name };
        var id = DeterministicIds.Of("systemuser:" + name);
        return InsertLocked(users, id, values, actingUser: null, journal: null);
    }

    internal DateTimeOffset NowToTheSecond()
    {
        var now = Clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    internal long CurrentVersion => version;

    /// <summary>Adds a row; throws 412 when an alternate key value is taken.</summary>
    internal Guid InsertLocked(TableState table, Guid id, IReadOnlyDictionary<string, object?> values, Guid? actingUser, UndoJournal? journal)
    {
        if (table.Records.ContainsKey(id))
        {
            throw new DataverseFaultException(412, ErrorCodes.DuplicateRecord, "Cannot insert duplicate key.");
        }

        // Webhook steps on Create: PreValidation and PreOperation run before anything is written (§8.3).
        var steps = Webhooks.StepsFor(table, "Create", values.Keys);
        var operation = steps.Count == 0 ? null : Operation(table, id, values, before: null, actingUser ?? SystemUserId);
        RunBeforeWrite(steps, operation);

        var now = NowToTheSecond();
        var stored = new Dictionary<string, object?>(values, StringComparer.Ordinal);
        if (actingUser is { } user)
        {
            var reference = new RecordReference("systemuser", user);
            if (table.Columns.ContainsKey(SystemColumns.OwnerId) && !stored.ContainsKey(SystemColumns.OwnerId))
            {
                stored[SystemColumns.OwnerId] = reference;
            }

            if (table.Columns.ContainsKey(SystemColumns.ModifiedBy))
            {
                stored[SystemColumns.ModifiedBy] = reference;
            }
        }

        var record = new StoredRecord(id, stored, ++version, now, now);
        EnsureKeysFree(table, record, except: null);
        WriteWithPostSteps(table, id, record, journal, steps, operation);
        return id;
    }

    /// <summary>Changes a row; key columns may change (412 when the new value is taken).</summary>
    internal StoredRecord ModifyLocked(TableState table, StoredRecord existing, IReadOnlyDictionary<string, object?> changes, Guid actingUser, UndoJournal? journal)
    {
        var steps = Webhooks.StepsFor(table, "Update", changes.Keys);
        var operation = steps.Count == 0 ? null : Operation(table, existing.Id, changes, existing, actingUser);
        RunBeforeWrite(steps, operation);

        var values = new Dictionary<string, object?>(existing.Values, StringComparer.Ordinal);
        foreach (var (column, value) in changes)
        {
            values[column] = value;
        }

        if (table.Columns.ContainsKey(SystemColumns.ModifiedBy))
        {
            values[SystemColumns.ModifiedBy] = new RecordReference("systemuser", actingUser);
        }

        var record = existing with { Values = values, Version = ++version, ModifiedOn = NowToTheSecond() };
        EnsureKeysFree(table, record, except: existing.Id);
        WriteWithPostSteps(table, existing.Id, record, journal, steps, operation);
        return record;
    }

    internal void RemoveLocked(TableState table, Guid id, UndoJournal? journal)
    {
        Put(table, id, null, journal);
        var tombstone = new ChangeEntry(++version, id, Deleted: true);
        table.ChangeOrder.Add(tombstone.Version);
        table.Changes[tombstone.Version] = tombstone;
        journal?.Record(() =>
        {
            table.ChangeOrder.Remove(tombstone.Version);
            table.Changes.Remove(tombstone.Version);
        });
    }

    /// <summary>The row an alternate key entry points at, or null.</summary>
    internal static StoredRecord? FindByKey(TableState table, KeyState key, string entry) =>
        key.Index.TryGetValue(entry, out var id) ? table.Records.GetValueOrDefault(id) : null;

    private static void Put(TableState table, Guid id, StoredRecord? next, UndoJournal? journal)
    {
        var previous = table.Records.GetValueOrDefault(id);
        Replace(table, id, previous, next);
        journal?.Record(() => Replace(table, id, next, previous));
    }

    /// <summary>Swaps one row snapshot for another, keeping every index in step.</summary>
    private static void Replace(TableState table, Guid id, StoredRecord? from, StoredRecord? to)
    {
        if (from is not null)
        {
            foreach (var key in table.Keys)
            {
                if (key.EntryOf(table, from) is { } entry && key.Index.TryGetValue(entry, out var owner) && owner == id)
                {
                    key.Index.Remove(entry);
                }
            }

            table.ChangeOrder.Remove(from.Version);
            table.Changes.Remove(from.Version);
            table.Records.Remove(id);
            table.Order.Remove(id);
        }

        if (to is not null)
        {
            table.Records[id] = to;
            table.Order.Add(id);
            table.ChangeOrder.Add(to.Version);
            table.Changes[to.Version] = new ChangeEntry(to.Version, id, Deleted: false);
            foreach (var key in table.Keys)
            {
                if (key.EntryOf(table, to) is { } entry)
                {
                    key.Index[entry] = id;
                }
            }
        }
    }

    private static void EnsureKeysFree(TableState table, StoredRecord record, Guid? except)
    {
        foreach (var key in table.Keys.Where(k => !k.Failed))
        {
            if (key.EntryOf(table, record) is { } entry && key.Index.TryGetValue(entry, out var owner) && owner != except)
            {
                var values = string.Join(",", key.Definition.KeyAttributes.Select(a => Convert.ToString(record.Get(table, a) is RecordReference r ? r.Id : record.Get(table, a), CultureInfo.InvariantCulture)));
                throw new DataverseFaultException(412, ErrorCodes.DuplicateRecordEntityKey,
                    $"A record that has the attribute values {values} already exists. The entity key {key.Definition.SchemaName} requires that this set of attributes contains unique values. Select unique values and try again.");
            }
        }
    }

    private void AddTable(TableDefinition definition, DateTimeOffset keysActiveAt)
    {
        var table = new TableState(definition);
        foreach (var key in definition.Keys)
        {
            table.Keys.Add(new KeyState(key, keysActiveAt));
        }

        byName[definition.LogicalName] = table;
        bySet[definition.EntitySetName] = table;
    }

    private static void BuildIndex(TableState table, KeyState key)
    {
        foreach (var record in table.Records.Values)
        {
            if (key.EntryOf(table, record) is not { } entry)
            {
                continue;
            }

            if (!key.Index.TryAdd(entry, record.Id))
            {
                key.Failed = true;
                key.Index.Clear();
                return;
            }
        }
    }

    private static DateTimeOffset KeysActiveAt(DateTimeOffset now, TimeSpan delay) => now + delay;

    private TableDefinition DescribeLocked(TableState table)
    {
        var now = Clock.GetUtcNow();
        return table.Definition with
        {
            Keys = table.Keys.Select(k => k.Definition with { Status = k.StatusAt(now) }).ToList(),
        };
    }

    private TableState RequireTable(string logicalName)
    {
        ArgumentNullException.ThrowIfNull(logicalName);
        return byName.GetValueOrDefault(logicalName)
            ?? throw new DataverseFaultException(404, ErrorCodes.ObjectDoesNotExist, $"Could not find an entity with name {logicalName} and id {Guid.Empty}.");
    }

    private static Dictionary<string, object?> Snapshot(TableState table, StoredRecord record)
    {
        var values = new Dictionary<string, object?>(record.Values, StringComparer.Ordinal)
        {
            [table.Definition.PrimaryIdAttribute] = record.Id,
            [SystemColumns.CreatedOn] = record.CreatedOn,
            [SystemColumns.ModifiedOn] = record.ModifiedOn,
            [SystemColumns.VersionNumber] = record.Version,
        };
        return values;
    }

    /// <summary>CLR values as the JSON body a Web API client would send, so they go through the same validation.</summary>
    private JsonObject ToPayload(TableState table, IReadOnlyDictionary<string, object?> values)
    {
        var body = new JsonObject();
        foreach (var (column, value) in values)
        {
            if (value is RecordReference reference && table.Columns.TryGetValue(column, out var lookup) && TableState.IsLookup(lookup))
            {
                var navigation = table.Navigation.Values.FirstOrDefault(n => n.Column == lookup && (n.Target is null || n.Target == reference.Table));
                var set = byName.TryGetValue(reference.Table, out var target) ? target.Definition.EntitySetName : reference.Table;
                body[(navigation?.Name ?? column) + "@odata.bind"] = $"/{set}({reference.Id:D})";
                continue;
            }

            body[column] = value switch
            {
                null => null,
                DateTimeOffset moment => moment.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                DateTime moment => DateTime.SpecifyKind(moment, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Guid id => id.ToString("D"),
                _ => JsonSerializer.SerializeToNode(value),
            };
        }

        return body;
    }
}
