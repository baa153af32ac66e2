using Connector.Mapping.Loading;

namespace Connector.Sync.Ports;

/// <summary>The admin's mapping files, loaded and checked afresh each time (an edit takes effect at the next cycle).</summary>
public interface IMappingsSource
{
    /// <summary>The folder the mappings are read from, for people to read.</summary>
    string Location { get; }

    MappingLoad Load();
}
