using System.Globalization;
using System.Xml.Linq;

namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// Other/Solution.xml's <c>&lt;RootComponents&gt;</c> must list every component the package packs, and nothing else: a
/// component missing there is left out of what the solution tracks (it is not removed with it, nor exported again), and
/// a root component the zip does not carry fails the import as a missing dependency.
/// </summary>
internal static class RootComponentCheck
{
    public static void Check(PackageXml solution, IReadOnlyList<RootComponentRef> packed)
    {
        var list = solution.Required(solution.Required(solution.Root, "SolutionManifest"), "RootComponents");
        var listed = new List<(XElement Element, int Type, string? SchemaName, Guid? Id)>();
        foreach (var element in list.Elements("RootComponent"))
        {
            var typeText = solution.RequiredAttribute(element, "type");
            if (!int.TryParse(typeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var type))
            {
                throw solution.Error(element, $"<RootComponent type=\"{typeText}\">: type must be a whole number");
            }

            var idText = (string?)element.Attribute("id");
            Guid? id = idText is null ? null : Guid.TryParse(idText, out var parsed) ? parsed : throw solution.Error(element, $"<RootComponent id=\"{idText}\">: id is not a GUID");
            listed.Add((element, type, (string?)element.Attribute("schemaName"), id));
        }

        if (packed.FirstOrDefault(p => !listed.Any(l => p.Matches(l.Type, l.SchemaName, l.Id))) is { } missing)
        {
            throw solution.Error(list, $"<RootComponents> does not list {missing.Source}: add {missing.Xml()}");
        }

        if (listed.FirstOrDefault(l => !packed.Any(p => p.Matches(l.Type, l.SchemaName, l.Id))) is { Element: not null } extra)
        {
            throw solution.Error(extra.Element, $"{extra.Element.ToString(SaveOptions.DisableFormatting)} names nothing this package defines");
        }
    }
}
