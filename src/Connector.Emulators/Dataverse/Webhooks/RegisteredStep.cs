using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>An entity image a step asks for: its key in the images list and the columns it carries (empty: all).</summary>
internal sealed record StepImage(string Name, bool Pre, bool Post, IReadOnlyList<string> Attributes);

/// <summary>One enabled webhook step, resolved from its rows: what fires it, where it posts and what it sends.</summary>
internal sealed record RegisteredStep(
    Guid Id,
    string Name,
    string Message,
    string PrimaryEntity,
    WebhookStage Stage,
    WebhookMode Mode,
    int Rank,
    IReadOnlySet<string> FilteringAttributes,
    Uri Url,
    WebhookAuth Auth,
    IReadOnlyList<StepImage> Images)
{
    /// <summary>Update steps with filtering attributes run only when the update sets one of them (reference §8.2).</summary>
    public bool Applies(IEnumerable<string> columnsSet) =>
        !string.Equals(Message, "Update", StringComparison.Ordinal) || FilteringAttributes.Count == 0 || columnsSet.Any(FilteringAttributes.Contains);

    /// <summary>
    /// The webhook steps registered on <paramref name="message"/> of <paramref name="entity"/>, read from the step tables
    /// (so Web API and direct registrations are the same thing), by stage then rank. Steps whose handler is not a
    /// webhook (contract 8) are ignored: the emulator calls nothing else.
    /// </summary>
    public static List<RegisteredStep> Find(DataverseEnvironment environment, string entity, string message)
    {
        var steps = environment.TableByName(WebhookTables.Step);
        if (steps is null || steps.Records.Count == 0)
        {
            return [];
        }

        var found = new List<RegisteredStep>();
        foreach (var row in steps.Records.Values)
        {
            if (Int(row, "statecode") == 1 || Reference(row, "eventhandler") is not { Table: WebhookTables.ServiceEndpoint } handler)
            {
                continue;
            }

            var filter = Reference(row, "sdkmessagefilterid") is { } filterId ? Row(environment, WebhookTables.MessageFilter, filterId.Id) : null;
            var messageRef = Reference(row, "sdkmessageid") ?? (filter is null ? null : Reference(filter, "sdkmessageid"));
            var messageName = messageRef is null ? null : Row(environment, WebhookTables.Message, messageRef.Id)?.Values.GetValueOrDefault("name") as string;
            var primary = filter?.Values.GetValueOrDefault("primaryobjecttypecode") as string;
            if (!string.Equals(messageName, message, StringComparison.Ordinal) || (primary is not null && !string.Equals(primary, entity, StringComparison.Ordinal)))
            {
                continue;
            }

            var endpoint = Row(environment, WebhookTables.ServiceEndpoint, handler.Id);
            if (endpoint is null || Int(endpoint, "contract") != 8 || !Uri.TryCreate(endpoint.Values.GetValueOrDefault("url") as string, UriKind.Absolute, out var url))
            {
                continue;
            }

            var filtering = (row.Values.GetValueOrDefault("filteringattributes") as string ?? string.Empty)
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToHashSet(StringComparer.Ordinal);
            found.Add(new RegisteredStep(
                row.Id,
                row.Values.GetValueOrDefault("name") as string ?? string.Empty,
                message,
                entity,
                (WebhookStage)(Int(row, "stage") ?? 40),
                (WebhookMode)(Int(row, "mode") ?? 0),
                Int(row, "rank") ?? 1,
                filtering,
                url,
                WebhookAuth.Parse(Int(endpoint, "authtype") ?? 0, endpoint.Values.GetValueOrDefault("authvalue") as string),
                ImagesOf(environment, row.Id)));
        }

        return found.OrderBy(s => (int)s.Stage).ThenBy(s => s.Rank).ThenBy(s => s.Id).ToList();
    }

    private static List<StepImage> ImagesOf(DataverseEnvironment environment, Guid stepId)
    {
        var images = environment.TableByName(WebhookTables.StepImage);
        if (images is null)
        {
            return [];
        }

        return images.Records.Values
            .Where(r => Reference(r, "sdkmessageprocessingstepid")?.Id == stepId)
            .Select(r =>
            {
                var type = Int(r, "imagetype") ?? 0;
                var name = r.Values.GetValueOrDefault("entityalias") as string ?? r.Values.GetValueOrDefault("name") as string ?? "Image";
                var attributes = (r.Values.GetValueOrDefault("attributes") as string ?? string.Empty)
                    .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return new StepImage(name, Pre: type is 0 or 2, Post: type is 1 or 2, attributes);
            })
            .ToList();
    }

    private static StoredRecord? Row(DataverseEnvironment environment, string table, Guid id) =>
        environment.TableByName(table)?.Records.GetValueOrDefault(id);

    private static int? Int(StoredRecord row, string column) => row.Values.GetValueOrDefault(column) as int?;

    private static RecordReference? Reference(StoredRecord row, string column) => row.Values.GetValueOrDefault(column) as RecordReference;
}
