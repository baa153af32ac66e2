namespace Connector.Dataverse.WebApi;

/// <summary>The path of a record addressed by its primary key.</summary>
public static class EntityPath
{
    /// <summary><c>salesorders(00000000-0000-0000-0000-000000000000)</c>: the GUID unquoted, in its hyphenated form.</summary>
    public static string Of(string entitySetName, Guid id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entitySetName);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{entitySetName}({id:D})");
    }
}
