namespace Connector.Emulators.Dataverse.Protection;

/// <summary>What the fault injector decided for one request.</summary>
public enum InjectedFault
{
    /// <summary>Serve the request normally.</summary>
    None,

    /// <summary>429 with the requests code and a <c>Retry-After</c>, not earned by load.</summary>
    Throttle,

    /// <summary>503 Service Unavailable.</summary>
    Unavailable,

    /// <summary>The request is served but its answer is held back for <see cref="FaultOptions.TimeoutDelay"/>.</summary>
    Timeout,
}
