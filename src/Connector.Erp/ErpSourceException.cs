namespace Connector.Erp;

/// <summary>
/// The ERP source failed as a whole (the database refused the query, a drop file could not be read). The message
/// names the entity and what was attempted, never the connection string.
/// </summary>
public sealed class ErpSourceException : Exception
{
    public ErpSourceException()
    {
    }

    public ErpSourceException(string message)
        : base(message)
    {
    }

    public ErpSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The entity being read, when known.</summary>
    public string? Entity { get; init; }
}
