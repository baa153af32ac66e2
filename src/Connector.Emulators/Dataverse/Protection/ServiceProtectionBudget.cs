namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// What a caller has left in the current window: the values of the informational
/// <c>x-ms-ratelimit-burst-remaining-xrm-requests</c> and <c>x-ms-ratelimit-time-remaining-xrm-requests</c> headers.
/// </summary>
/// <param name="RequestsRemaining">Requests still allowed in the window.</param>
/// <param name="ExecutionTimeRemaining">Execution time still allowed in the window (emulated).</param>
/// <param name="InFlight">Requests admitted and not yet completed.</param>
public sealed record ServiceProtectionBudget(int RequestsRemaining, TimeSpan ExecutionTimeRemaining, int InFlight);
