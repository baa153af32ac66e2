namespace Connector.Webhooks.Context;

/// <summary>
/// What the order webhooks read of Dataverse's <c>RemoteExecutionContext</c>: the operation, who started it, the
/// row (Target) and its images. Everything else in the payload is ignored.
/// </summary>
public sealed record RemoteExecutionContext
{
    /// <summary><c>Create</c>, <c>Update</c> …; empty when the payload names none.</summary>
    public string MessageName { get; init; } = "";

    /// <summary>10 PreValidation, 20 PreOperation, 40 PostOperation; 0 when absent.</summary>
    public int Stage { get; init; }

    /// <summary>0 synchronous, 1 asynchronous.</summary>
    public int Mode { get; init; }

    public string PrimaryEntityName { get; init; } = "";

    public Guid PrimaryEntityId { get; init; }

    /// <summary>The user who started the operation (the application user when the connector itself wrote).</summary>
    public Guid InitiatingUserId { get; init; }

    /// <summary>The user the operation runs as (differs from <see cref="InitiatingUserId"/> under impersonation).</summary>
    public Guid UserId { get; init; }

    public Guid CorrelationId { get; init; }

    /// <summary>When Dataverse created the operation; <c>null</c> when absent.</summary>
    public DateTimeOffset? OperationCreatedOn { get; init; }

    /// <summary>The <c>Target</c> input parameter when it is an entity; <c>null</c> otherwise (or when truncated away).</summary>
    public WebhookEntity? Target { get; init; }

    /// <summary>Pre-images by their registered name.</summary>
    public IReadOnlyDictionary<string, WebhookEntity> PreEntityImages { get; init; } = new Dictionary<string, WebhookEntity>();

    public IReadOnlyDictionary<string, WebhookEntity> PostEntityImages { get; init; } = new Dictionary<string, WebhookEntity>();

    /// <summary>
    /// Dataverse sent <c>x-ms-dynamics-msg-size-exceeded</c>: over 256 KB it drops <c>InputParameters</c> (the Target),
    /// the images and <c>ParentContext</c>, so what is missing here may simply not have been sent.
    /// </summary>
    public bool IsTruncated { get; init; }

    /// <summary>The first pre-image (whatever its registered name), or <c>null</c>.</summary>
    public WebhookEntity? PreImage => PreEntityImages.Count == 0 ? null : PreEntityImages.Values.First();
}
