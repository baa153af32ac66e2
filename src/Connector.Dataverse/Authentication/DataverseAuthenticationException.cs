namespace Connector.Dataverse.Authentication;

/// <summary>No token could be obtained (wrong tenant, client, secret or certificate); retrying will not help.</summary>
public sealed class DataverseAuthenticationException : Exception
{
    public DataverseAuthenticationException()
    {
    }

    public DataverseAuthenticationException(string message)
        : base(message)
    {
    }

    public DataverseAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
