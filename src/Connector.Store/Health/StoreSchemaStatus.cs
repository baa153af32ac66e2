namespace Connector.Store;

/// <summary>The newest migration applied to a store and the newest this build carries.</summary>
public sealed record StoreSchemaStatus(int AppliedVersion, int LatestVersion)
{
    /// <summary>Every migration this build knows is applied (a newer store, from a newer build, counts as current).</summary>
    public bool IsCurrent => AppliedVersion >= LatestVersion;
}
