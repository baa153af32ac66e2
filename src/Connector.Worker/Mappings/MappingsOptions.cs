using Connector.Domain.Policies;
using Connector.Settings;

namespace Connector.Worker.Mappings;

/// <summary>Configuration section <c>Mappings</c>: the folder of mapping files the connector reads the ERP with.</summary>
[SettingsSection(SectionName)]
public sealed class MappingsOptions
{
    public const string SectionName = "Mappings";

    /// <summary>The folder with one JSON file per entity (relative to the working directory).</summary>
    [SettingRequired(Hint = "the folder of mapping files")]
    public string Directory { get; set; } = "mappings";
}
