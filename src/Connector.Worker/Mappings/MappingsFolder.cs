using Connector.Mapping.Loading;
using Connector.Sync.Ports;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Mappings;

/// <summary>The mapping files of <c>Mappings:Directory</c>, checked against the columns <c>solution-package/</c> defines.</summary>
internal sealed class MappingsFolder(IOptions<MappingsOptions> options) : IMappingsSource
{
    public string Location => Path.GetFullPath(options.Value.Directory);

    public MappingLoad Load() => MappingLoader.LoadDirectory(options.Value.Directory, MappingSolutionColumns.Options());
}
