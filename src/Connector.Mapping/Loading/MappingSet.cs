using Connector.Mapping.Canonical;

namespace Connector.Mapping.Loading;

/// <summary>The valid mappings of a folder, at most one per entity, in ingest order.</summary>
public sealed class MappingSet
{
    private readonly EntityMapping?[] byEntity;

    internal MappingSet(IEnumerable<EntityMapping> mappings)
    {
        byEntity = new EntityMapping?[CanonicalSchema.All.Count];
        foreach (var mapping in mappings)
        {
            byEntity[(int)mapping.Schema.Entity] = mapping;
        }

        Mappings = [.. byEntity.OfType<EntityMapping>()];
    }

    public IReadOnlyList<EntityMapping> Mappings { get; }

    public EntityMapping? Find(CanonicalEntity entity) => byEntity[(int)entity];
}
