namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>
/// One step invocation as the emulator carried it out, for assertions (the emulator's stand-in for the system job an
/// asynchronous step leaves behind).
/// </summary>
/// <param name="StepId">The sdkmessageprocessingstep.</param>
/// <param name="Message">Create or Update.</param>
/// <param name="PrimaryEntity">The table.</param>
/// <param name="RecordId">The record the operation was about.</param>
/// <param name="Stage">The step's stage.</param>
/// <param name="Mode">Synchronous or asynchronous.</param>
/// <param name="Attempts">Calls made (one retry, only after a 502, 503 or 504).</param>
/// <param name="Succeeded">Whether the last call answered 2xx.</param>
/// <param name="LastStatus">The last call's HTTP status; null when it timed out or could not connect.</param>
public sealed record WebhookDelivery(Guid StepId, string Message, string PrimaryEntity, Guid RecordId, WebhookStage Stage, WebhookMode Mode, int Attempts, bool Succeeded, int? LastStatus);
