namespace Connector.Worker.Mappings;

/// <summary>Configuration section <c>Mappings</c>: the folder of mapping files the connector reads the ERP with.</summary>
public sealed class MappingsOptions
{
    public const string SectionName = "Mappings";

    /// <summary>The folder with one JSON file per entity (relative to the working directory).</summary>
    public string Directory { get; set; } = "mappings";

    public IReadOnlyList<string> Validate() =>
        string.IsNullOrWhiteSpace(Directory) ? [$"{SectionName}:{nameof(Directory)} is required (the folder of mapping files)."] : [];
}
