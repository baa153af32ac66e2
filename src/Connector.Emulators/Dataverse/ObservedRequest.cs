namespace Connector.Emulators.Dataverse;

/// <summary>Where a request is when <see cref="DataverseEmulatorOptions.Observer"/> hears of it.</summary>
public enum RequestPhase
{
    /// <summary>Admitted by the front door, body read, nothing executed yet.</summary>
    Received,

    /// <summary>Executed: any write is applied to the environment, the answer not yet sent.</summary>
    Executed,

    /// <summary>The answer was written and completed on the wire.</summary>
    Answered,
}

/// <summary>
/// One top-level request as the assertion hook sees it. <paramref name="Ordinal"/> numbers the requests of the same
/// <paramref name="Kind"/> to the same <paramref name="EntitySet"/> from 1, in the order they were received, so a test
/// can say "the second UpsertMultiple to arc_openitems" and mean the same request at every phase.
/// </summary>
/// <param name="Phase">How far the request got.</param>
/// <param name="Method">HTTP method (upper case).</param>
/// <param name="Kind">Its kind as <see cref="Records.RequestCounters"/> counts it (<see cref="Records.RequestKinds"/>).</param>
/// <param name="EntitySet">The entity set the path starts with, or null ($batch, WhoAmI, metadata).</param>
/// <param name="Ordinal">1-based number among the requests of this kind to this entity set.</param>
/// <param name="Status">The HTTP status answered; null while <see cref="RequestPhase.Received"/>.</param>
public sealed record ObservedRequest(RequestPhase Phase, string Method, string Kind, string? EntitySet, int Ordinal, int? Status);
