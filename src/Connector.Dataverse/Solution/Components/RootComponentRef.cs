using System.Globalization;
using System.Xml.Linq;

namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// A root component Other/Solution.xml must list (<c>&lt;RootComponent type="…" schemaName="…"|id="…" /&gt;</c>), named the
/// way real Solution.xml files name that type: tables, choices and web resources by schema name, the others by id.
/// </summary>
/// <param name="Type">The component type code (<see cref="ComponentTypes"/>).</param>
/// <param name="SchemaName">The schema name, for the types named by it.</param>
/// <param name="Id">The id, for the types named by it.</param>
/// <param name="Source">The package file that defines the component.</param>
internal sealed record RootComponentRef(int Type, string? SchemaName, Guid? Id, string Source)
{
    public static RootComponentRef Named(int type, string schemaName, string source) => new(type, schemaName, null, source);

    public static RootComponentRef WithId(int type, PackageXml xml, XElement element, string attribute)
    {
        var text = xml.RequiredAttribute(element, attribute);
        return Guid.TryParse(text, out var id)
            ? new RootComponentRef(type, null, id, xml.File)
            : throw xml.Error(element, $"{PackageXml.Describe(element)}: {attribute}=\"{text}\" is not a GUID");
    }

    /// <summary>A component named by the id in a child element (<c>&lt;savedqueryid&gt;</c>, <c>&lt;formid&gt;</c> …).</summary>
    public static RootComponentRef WithIdElement(int type, PackageXml xml, XElement element, string child)
    {
        var text = xml.RequiredText(element, child);
        return Guid.TryParse(text, out var id)
            ? new RootComponentRef(type, null, id, xml.File)
            : throw xml.Error(element, $"<{child}>{text}</{child}> is not a GUID");
    }

    /// <summary>Whether a <c>&lt;RootComponent&gt;</c> names this component (schema names without regard to case).</summary>
    public bool Matches(int type, string? schemaName, Guid? id) =>
        type == Type && (Id is { } own ? own == id : string.Equals(SchemaName, schemaName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The element that lists it, as Other/Solution.xml should carry it.</summary>
    public string Xml() => Id is { } id
        ? string.Create(CultureInfo.InvariantCulture, $"<RootComponent type=\"{Type}\" id=\"{{{id:D}}}\" behavior=\"0\" />")
        : string.Create(CultureInfo.InvariantCulture, $"<RootComponent type=\"{Type}\" schemaName=\"{SchemaName}\" behavior=\"0\" />");
}

/// <summary>
/// Solution component type codes (the <c>componenttype</c> choice of the <c>solutioncomponent</c> table), the values of
/// <c>RootComponent/@type</c>. Real Solution.xml files show 1, 9, 20, 26, 59, 60, 61, 62, 70, 80 and 92
/// (README, "Real solutions compared"); 95 and 380 are the documented values, 380 also in public solution tooling.
/// </summary>
internal static class ComponentTypes
{
    public const int Entity = 1;
    public const int OptionSet = 9;
    public const int Role = 20;
    public const int SavedQuery = 26;
    public const int SavedQueryVisualization = 59;
    public const int SystemForm = 60;
    public const int WebResource = 61;
    public const int SiteMap = 62;
    public const int FieldSecurityProfile = 70;
    public const int AppModule = 80;
    public const int SdkMessageProcessingStep = 92;
    public const int ServiceEndpoint = 95;
    public const int EnvironmentVariableDefinition = 380;
}
