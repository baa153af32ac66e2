namespace Connector.Webhooks.Context;

/// <summary>The webhook body is not a RemoteExecutionContext we can read; the message is one line naming what is wrong.</summary>
public sealed class WebhookPayloadException : Exception
{
    public WebhookPayloadException()
    {
    }

    public WebhookPayloadException(string message)
        : base(message)
    {
    }

    public WebhookPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
