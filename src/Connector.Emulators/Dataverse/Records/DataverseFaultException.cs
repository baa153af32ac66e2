namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// What Dataverse answers when it refuses an operation: the HTTP status and the OData error code and message that go
/// into <c>{"error":{"code":…,"message":…}}</c>. Thrown by the environment's in-process API too, so tests see the
/// same refusal a client would.
/// </summary>
public sealed class DataverseFaultException : Exception
{
    public DataverseFaultException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public DataverseFaultException()
        : this(500, ErrorCodes.Unexpected, "Unexpected error.")
    {
    }

    public DataverseFaultException(string message)
        : this(400, ErrorCodes.InvalidArgument, message)
    {
    }

    public DataverseFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Code = ErrorCodes.InvalidArgument;
    }

    /// <summary>HTTP status, e.g. 404.</summary>
    public int Status { get; }

    /// <summary>Hex HRESULT as Dataverse writes it, e.g. <c>0x80040217</c>.</summary>
    public string Code { get; }
}
