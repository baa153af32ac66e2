namespace Connector.Emulators.Dataverse.Metadata;

/// <summary>EntityKeyIndexStatus: a key answers requests only once its index is <see cref="Active"/>.</summary>
public enum KeyIndexStatus
{
    Pending,
    InProgress,
    Active,
    Failed,
}

/// <summary>An alternate key (EntityKeyMetadata): its columns and the state of its asynchronously built index.</summary>
public sealed record KeyDefinition(string SchemaName, IReadOnlyList<string> KeyAttributes, KeyIndexStatus Status = KeyIndexStatus.Active);
