namespace Connector.Dataverse.Solution;

/// <summary>
/// The collection name Dataverse derives for a table when the package does not state it: the English plural of the
/// logical name (<c>arc_openitem</c> → <c>arc_openitems</c>, <c>…y</c> → <c>…ies</c>, <c>…s/x/ch/sh</c> → <c>…es</c>).
/// Only a fallback: Entity.xml's <c>EntitySetName</c> wins, and a live environment's metadata wins over both.
/// </summary>
public static class EntitySetNames
{
    public static string Plural(string logicalName)
    {
        ArgumentException.ThrowIfNullOrEmpty(logicalName);
        if (logicalName.EndsWith('y') && logicalName.Length > 1 && !IsVowel(logicalName[^2]))
        {
            return logicalName[..^1] + "ies";
        }

        return logicalName.EndsWith('s') || logicalName.EndsWith('x') || logicalName.EndsWith("ch", StringComparison.Ordinal) || logicalName.EndsWith("sh", StringComparison.Ordinal)
            ? logicalName + "es"
            : logicalName + "s";
    }

    private static bool IsVowel(char c) => "aeiou".Contains(c, StringComparison.Ordinal);
}
