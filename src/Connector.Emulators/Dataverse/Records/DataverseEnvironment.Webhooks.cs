using Connector.Emulators.Dataverse.Webhooks;

namespace Connector.Emulators.Dataverse.Records;

/// <summary>Webhook steps: registering them directly, and running them around the writes of Create and Update.</summary>
public sealed partial class DataverseEnvironment
{
    /// <summary>Every webhook step invocation so far (synchronous ones as they finish, asynchronous ones after their last attempt).</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries => Webhooks.Deliveries;

    internal WebhookPipeline Webhooks { get; }

    /// <summary>Completes once every queued asynchronous step has been delivered or has used up its attempts.</summary>
    public Task WhenWebhooksIdleAsync(CancellationToken cancellationToken) => Webhooks.WhenIdleAsync(cancellationToken);

    /// <summary>
    /// Registers a webhook step the way the Plugin Registration Tool would: a serviceendpoint (contract 8, the auth),
    /// an sdkmessageprocessingstep bound to it and to the message's filter for the table, and a pre-image when asked.
    /// Returns the step's id. Asynchronous steps are allowed only at PostOperation, as in Dataverse.
    /// </summary>
    public Guid RegisterWebhookStep(WebhookStepRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.Mode == WebhookMode.Asynchronous && registration.Stage != WebhookStage.PostOperation)
        {
            throw new ArgumentException("Asynchronous steps can only be registered at PostOperation (stage 40).", nameof(registration));
        }

        if (!WebhookTables.Messages.Contains(registration.Message, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Webhook steps can be registered on {string.Join(", ", WebhookTables.Messages)}, not '{registration.Message}'.", nameof(registration));
        }

        lock (Gate)
        {
            RequireTable(registration.PrimaryEntity);
            var name = registration.Name ?? $"{registration.PrimaryEntity} {registration.Message}: {registration.Stage} {registration.Mode}";
            var endpoint = Create(WebhookTables.ServiceEndpoint, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = name,
                ["url"] = registration.Url.ToString(),
                ["contract"] = 8,
                ["messageformat"] = 2,
                ["authtype"] = registration.Auth.AuthType,
                ["authvalue"] = registration.Auth.ToAuthValue(),
            });
            var step = Create(WebhookTables.Step, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = name,
                ["stage"] = (int)registration.Stage,
                ["mode"] = (int)registration.Mode,
                ["rank"] = 1,
                ["supporteddeployment"] = 0,
                ["asyncautodelete"] = false,
                ["filteringattributes"] = registration.FilteringAttributes is { Count: > 0 } filter ? string.Join(",", filter) : null,
                ["eventhandler"] = new RecordReference(WebhookTables.ServiceEndpoint, endpoint),
                ["sdkmessageid"] = new RecordReference(WebhookTables.Message, MessageId(registration.Message)),
                ["sdkmessagefilterid"] = new RecordReference(WebhookTables.MessageFilter, MessageFilterId(registration.Message, registration.PrimaryEntity)),
            });
            if (registration.PreImageAttributes is { } attributes)
            {
                Create(WebhookTables.StepImage, new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["name"] = registration.PreImageName,
                    ["entityalias"] = registration.PreImageName,
                    ["imagetype"] = 0,
                    ["attributes"] = attributes.Count == 0 ? null : string.Join(",", attributes),
                    ["messagepropertyname"] = string.Equals(registration.Message, "Create", StringComparison.Ordinal) ? "Id" : "Target",
                    ["sdkmessageprocessingstepid"] = new RecordReference(WebhookTables.Step, step),
                });
            }

            return step;
        }
    }

    /// <summary>The seeded sdkmessage row of a message (the same id on every run).</summary>
    public static Guid MessageId(string message) => DeterministicIds.Of("sdkmessage:" + message);

    /// <summary>The sdkmessagefilter row of a message on a table; the same id <c>GET sdkmessagefilters</c> reports.</summary>
    public static Guid MessageFilterId(string message, string table) => DeterministicIds.Of($"sdkmessagefilter:{message}:{table}");

    private WebhookOperation Operation(TableState table, Guid id, IReadOnlyDictionary<string, object?> target, StoredRecord? before, Guid user) =>
        new(table, id, new Dictionary<string, object?>(target, StringComparer.Ordinal), before, user, Guid.NewGuid(), Guid.NewGuid(), Clock.GetUtcNow());

    /// <summary>Synchronous PreValidation and PreOperation steps; a failure stops the operation before anything is written.</summary>
    private void RunBeforeWrite(List<RegisteredStep> steps, WebhookOperation? operation)
    {
        if (operation is null)
        {
            return;
        }

        foreach (var step in steps.Where(s => s.Stage != WebhookStage.PostOperation && s.Mode == WebhookMode.Synchronous))
        {
            Webhooks.CallSynchronous(operation.For(step, after: null));
        }
    }

    /// <summary>
    /// Writes the row, then runs synchronous PostOperation steps inside the operation's transaction (a failure undoes the
    /// write) and queues the asynchronous ones, which see the committed row and are dropped if an enclosing change set
    /// rolls back.
    /// </summary>
    private void WriteWithPostSteps(TableState table, Guid id, StoredRecord record, UndoJournal? journal, List<RegisteredStep> steps, WebhookOperation? operation)
    {
        if (operation is null)
        {
            Put(table, id, record, journal);
            return;
        }

        var synchronous = steps.Where(s => s.Stage == WebhookStage.PostOperation && s.Mode == WebhookMode.Synchronous).ToList();
        var transaction = new UndoJournal();
        Put(table, id, record, transaction);
        try
        {
            foreach (var step in synchronous)
            {
                Webhooks.CallSynchronous(operation.For(step, record));
            }
        }
        catch (DataverseFaultException)
        {
            transaction.Rollback();
            throw;
        }

        journal?.Record(transaction.Rollback);
        foreach (var step in steps.Where(s => s.Mode == WebhookMode.Asynchronous))
        {
            Webhooks.Enqueue(operation.For(step, record), journal);
        }
    }

    /// <summary>The sdkmessage rows and, for each table, the filters a step binds to (Create, Update, Delete).</summary>
    private void SeedMessageFiltersLocked(IReadOnlyList<TableState> tables)
    {
        var messages = byName[WebhookTables.Message];
        var filters = byName[WebhookTables.MessageFilter];
        foreach (var message in WebhookTables.Messages)
        {
            var messageId = MessageId(message);
            if (!messages.Records.ContainsKey(messageId))
            {
                InsertLocked(messages, messageId, new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = message }, actingUser: null, journal: null);
            }

            foreach (var table in tables)
            {
                var filterId = MessageFilterId(message, table.LogicalName);
                if (!filters.Records.ContainsKey(filterId))
                {
                    InsertLocked(filters, filterId, new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["primaryobjecttypecode"] = table.LogicalName,
                        ["sdkmessageid"] = new RecordReference(WebhookTables.Message, messageId),
                    }, actingUser: null, journal: null);
                }
            }
        }
    }
}
