namespace Connector.Dataverse.Authentication;

/// <summary>
/// No token could be obtained: the sign-in authority (Entra ID, or <c>Dataverse:Authority</c>) did not answer, or refused
/// the client's credentials. The message names the authority, not Dataverse, which was never asked.
/// </summary>
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

    /// <summary>The authority this failure is about, e.g. <c>https://login.microsoftonline.com/&lt;tenant&gt;</c>.</summary>
    public string? Authority { get; private init; }

    /// <summary>"Could not sign in: the sign-in authority login.microsoftonline.com (…) did not answer: Connection refused; …".</summary>
    public static DataverseAuthenticationException AuthorityUnreachable(string authority, string cause, Exception innerException) =>
        new($"Could not sign in to Dataverse: the sign-in authority {Host(authority)} ({authority}) did not answer: {cause}; "
            + "check that this machine reaches it (proxy, firewall, DNS) and Dataverse:Authority or Dataverse:TenantId, then run again", innerException)
        {
            Authority = authority,
        };

    /// <summary>The authority answered but gave no token (wrong tenant, client, secret or certificate): retrying will not help.</summary>
    public static DataverseAuthenticationException Refused(string authority, string scope, string detail, Exception innerException) =>
        new($"Could not sign in to Dataverse: the sign-in authority {Host(authority)} gave no token for scope {scope}: {detail}; "
            + "check Dataverse:TenantId, ClientId and ClientSecret or CertificatePath", innerException)
        {
            Authority = authority,
        };

    private static string Host(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? uri.Authority : authority;
}
