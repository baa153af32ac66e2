namespace Connector.Mapping.Loading;

/// <summary>
/// The outcome of loading a folder of mapping files: every problem found, and the mappings only when
/// there are none (a half-valid set is never used, so a broken file cannot silently drop an entity).
/// </summary>
public sealed record MappingLoad(MappingSet? Mappings, IReadOnlyList<MappingProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && Mappings is not null;
}
