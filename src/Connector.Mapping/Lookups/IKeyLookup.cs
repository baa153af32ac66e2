using Connector.Mapping.Canonical;

namespace Connector.Mapping.Lookups;

/// <summary>
/// Finds records already known (in the ledger) by an alternate key, for the <c>lookup</c> transform:
/// an ERP that names a customer by its VAT number or e-mail instead of its number still maps.
/// </summary>
public interface IKeyLookup
{
    /// <summary>The key of the <paramref name="entity"/> record whose <paramref name="field"/> equals <paramref name="value"/>, and how many matched.</summary>
    LookupResult Find(CanonicalEntity entity, string field, string value);
}

/// <summary>What a lookup found: the key when exactly one record matched (<see cref="Matches"/> = 1).</summary>
public readonly record struct LookupResult(string? Key, int Matches);
