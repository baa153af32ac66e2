namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>
/// A webhook step as a test registers it directly (<see cref="Records.DataverseEnvironment.RegisterWebhookStep"/>): the same
/// rows a Web API registration writes (serviceendpoint, sdkmessageprocessingstep, sdkmessageprocessingstepimage).
/// </summary>
/// <param name="Url">The endpoint's URL (Dataverse allows only ports 80 and 443; the emulator allows any loopback port).</param>
/// <param name="Auth">Header pairs or a <c>?code=</c> key.</param>
/// <param name="Message">Create or Update.</param>
/// <param name="PrimaryEntity">The table's logical name, e.g. <c>salesorder</c>.</param>
/// <param name="Stage">PreValidation, PreOperation or PostOperation.</param>
/// <param name="Mode">Synchronous or asynchronous (asynchronous only at PostOperation).</param>
/// <param name="FilteringAttributes">Update only: the step runs when the update sets one of these columns; null or empty: any.</param>
/// <param name="PreImageAttributes">Columns of a pre-image named <see cref="PreImageName"/>; null: no pre-image; empty: every column.</param>
public sealed record WebhookStepRegistration(
    Uri Url,
    WebhookAuth Auth,
    string Message,
    string PrimaryEntity,
    WebhookStage Stage,
    WebhookMode Mode,
    IReadOnlyList<string>? FilteringAttributes = null,
    IReadOnlyList<string>? PreImageAttributes = null)
{
    /// <summary>The image's key in <c>PreEntityImages</c>.</summary>
    public string PreImageName { get; init; } = "PreImage";

    /// <summary>The step's name; a default naming message, table, stage and mode.</summary>
    public string? Name { get; init; }
}
