namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>The pipeline stage a step runs in (<c>sdkmessageprocessingstep.stage</c>); 30, the main operation, is the platform's own.</summary>
public enum WebhookStage
{
    PreValidation = 10,
    PreOperation = 20,
    PostOperation = 40,
}

/// <summary>How a step runs (<c>sdkmessageprocessingstep.mode</c>): synchronous steps can fail the operation, asynchronous ones cannot.</summary>
public enum WebhookMode
{
    Synchronous = 0,
    Asynchronous = 1,
}
