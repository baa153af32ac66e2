namespace Connector.Mapping.Canonical;

/// <summary>
/// One string per distinct text while a ledger is converted from canonical records: an item's customer id becomes its
/// customer's <c>Id</c> instance and every currency code one string per code, instead of a copy per stored row (the
/// store hands each value as a new string). Kept only for one load, then dropped.
/// </summary>
public sealed class SharedStrings
{
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);

    /// <summary>The instance shared by every equal text passed so far (the first one seen), or <c>null</c>.</summary>
    public string? Share(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        strings.Add(value, value);
        return value;
    }

    /// <summary>Distinct texts seen.</summary>
    public int Count => strings.Count;
}
