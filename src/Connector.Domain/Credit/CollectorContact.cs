using Connector.Domain.Ledger;

namespace Connector.Domain.Credit;

/// <summary>Whom a sales rep contacts about a hold: the customer's collector, or the AR team when none is known.</summary>
public sealed record CollectorContact(string? Id, string Name, string? Email)
{
    public const string TeamName = "your AR team";

    public static CollectorContact Team { get; } = new(null, TeamName, null);

    /// <summary>"Jane Doe (Collections)" for a person; "your AR team" otherwise.</summary>
    public string Label => Id is null ? Name : Name + " (Collections)";

    /// <summary>The customer's collector by name; the collector id when it is not in the list; the AR team when none is set.</summary>
    public static CollectorContact Resolve(Customer customer, IReadOnlyDictionary<string, CollectorContact> collectors)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(collectors);
        if (string.IsNullOrWhiteSpace(customer.CollectorId))
        {
            return Team;
        }

        return collectors.TryGetValue(customer.CollectorId, out var contact)
            ? contact
            : new CollectorContact(customer.CollectorId, customer.CollectorId, null);
    }

    /// <summary>The contacts of the ledger's collectors by id, built once per evaluation.</summary>
    public static IReadOnlyDictionary<string, CollectorContact> Index(IEnumerable<Collector> collectors)
    {
        ArgumentNullException.ThrowIfNull(collectors);
        var index = new Dictionary<string, CollectorContact>(StringComparer.Ordinal);
        foreach (var collector in collectors)
        {
            index.TryAdd(collector.Id, new CollectorContact(collector.Id, collector.Name, collector.Email));
        }

        return index;
    }
}
