using System.Xml.Linq;

namespace Connector.Dataverse.Solution;

/// <summary>
/// Loads the data model of the unpacked solution (SolutionPackager layout: <c>Other/Solution.xml</c>,
/// <c>Other/Customizations.xml</c>, <c>Other/Relationships/*.xml</c>, <c>Other/FieldSecurityProfiles.xml</c>,
/// <c>Entities/&lt;Name&gt;/Entity.xml</c>, <c>OptionSets/*.xml</c>) into a <see cref="SolutionModel"/>, and checks the rules
/// Dataverse would only report at import: choice values inside the publisher's range, no secured column in a key,
/// profiles granting only secured columns the package defines. The other files (views, forms, web resources, steps,
/// service endpoints) are the packer's (<see cref="Components.ComponentKind"/>).
/// </summary>
public static class SolutionPackage
{
    /// <summary>The folder's name at the repository root.</summary>
    public const string FolderName = "solution-package";

    public const string SolutionFile = "Other/Solution.xml";
    public const string CustomizationsFile = "Other/Customizations.xml";
    public const string FieldSecurityProfilesFile = "Other/FieldSecurityProfiles.xml";

    /// <summary>Reads and checks the package; throws <see cref="SolutionPackageException"/> naming the file and element at fault.</summary>
    public static SolutionModel Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new SolutionPackageException(folder, "solution package folder not found");
        }

        var solution = PackageXml.Load(folder, SolutionFile).ExpectRoot("ImportExportXml");
        var manifest = solution.Required(solution.Root, "SolutionManifest");
        var publisher = solution.Required(manifest, "Publisher");
        var prefix = solution.RequiredText(publisher, "CustomizationPrefix");
        var optionPrefix = solution.RequiredInt(publisher, "CustomizationOptionValuePrefix");
        if (optionPrefix is < 10_000 or > 99_999)
        {
            throw solution.Error(publisher, $"<CustomizationOptionValuePrefix> must be between 10000 and 99999, got {optionPrefix}");
        }

        PackageXml.Load(folder, CustomizationsFile).ExpectRoot("ImportExportXml");
        var relationships = Relationships(folder);
        var globalChoices = GlobalChoices(folder);
        var tables = new List<SolutionTable>();
        foreach (var relative in EntityFiles(folder))
        {
            var xml = PackageXml.Load(folder, relative);
            var table = new EntityXmlReader(xml, prefix, relationships, globalChoices).Read();
            if (tables.Any(t => t.LogicalName == table.LogicalName))
            {
                throw new SolutionPackageException(relative, $"table {table.LogicalName} is defined by another Entity.xml too");
            }

            Check(xml, table, optionPrefix);
            tables.Add(table);
        }

        var model = new SolutionModel(
            solution.RequiredText(manifest, "UniqueName"),
            solution.RequiredText(manifest, "Version"),
            prefix,
            optionPrefix,
            tables,
            relationships,
            FieldSecurityProfiles(folder, tables));
        return model;
    }

    /// <summary><c>Entities/&lt;Name&gt;/Entity.xml</c> for every table folder, in ordinal order (the packed order).</summary>
    internal static IReadOnlyList<string> EntityFiles(string folder)
    {
        var entities = Path.Combine(folder, "Entities");
        if (!Directory.Exists(entities))
        {
            return [];
        }

        return [.. Directory.GetDirectories(entities)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => $"Entities/{name}/Entity.xml")];
    }

    /// <summary>Files under a folder of the package, relative with forward slashes, in ordinal order.</summary>
    internal static IReadOnlyList<string> XmlFiles(string folder, string relativeFolder)
    {
        var path = Path.Combine(folder, relativeFolder.Replace('/', Path.DirectorySeparatorChar));
        return Directory.Exists(path)
            ? [.. Directory.GetFiles(path, "*.xml").Select(f => $"{relativeFolder}/{Path.GetFileName(f)}").Order(StringComparer.Ordinal)]
            : [];
    }

    private static List<SolutionRelationship> Relationships(string folder)
    {
        var result = new List<SolutionRelationship>();
        foreach (var relative in XmlFiles(folder, "Other/Relationships"))
        {
            var xml = PackageXml.Load(folder, relative).ExpectRoot("EntityRelationships");
            foreach (var relationship in xml.Root.Elements("EntityRelationship"))
            {
                var name = xml.RequiredAttribute(relationship, "Name");
                if (!string.Equals((string?)relationship.Element("EntityRelationshipType"), "OneToMany", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                result.Add(new SolutionRelationship(
                    name,
                    xml.RequiredText(relationship, "ReferencingEntityName").ToLowerInvariant(),
                    xml.RequiredText(relationship, "ReferencingAttributeName").ToLowerInvariant(),
                    xml.RequiredText(relationship, "ReferencedEntityName").ToLowerInvariant()));
            }
        }

        return result;
    }

    private static Dictionary<string, IReadOnlyList<ChoiceOption>> GlobalChoices(string folder)
    {
        var result = new Dictionary<string, IReadOnlyList<ChoiceOption>>(StringComparer.OrdinalIgnoreCase);
        foreach (var relative in XmlFiles(folder, "OptionSets"))
        {
            var xml = PackageXml.Load(folder, relative).ExpectRoot("optionset");
            result[xml.RequiredAttribute(xml.Root, "Name")] = EntityXmlReader.ReadOptions(xml, xml.Required(xml.Root, "options"));
        }

        return result;
    }

    private static List<SolutionFieldSecurityProfile> FieldSecurityProfiles(string folder, List<SolutionTable> tables)
    {
        if (!File.Exists(Path.Combine(folder, "Other", "FieldSecurityProfiles.xml")))
        {
            return [];
        }

        var xml = PackageXml.Load(folder, FieldSecurityProfilesFile).ExpectRoot("FieldSecurityProfiles");
        var result = new List<SolutionFieldSecurityProfile>();
        foreach (var profile in xml.Root.Elements("FieldSecurityProfile"))
        {
            var name = xml.RequiredAttribute(profile, "name");
            var permissions = new List<SolutionFieldPermission>();
            foreach (var permission in xml.Required(profile, "FieldPermissions").Elements("FieldPermission"))
            {
                var table = xml.RequiredText(permission, "EntityName").ToLowerInvariant();
                var column = xml.RequiredText(permission, "AttributeName").ToLowerInvariant();
                var defined = tables.FirstOrDefault(t => t.LogicalName == table)?.Column(column);
                if (defined is not { IsSecured: true })
                {
                    throw xml.Error(permission, $"profile '{name}' grants {table}.{column}, which is not a secured column of the package (IsSecured 1)");
                }

                permissions.Add(new SolutionFieldPermission(table, column, Allowed(xml, permission, "CanRead"), Allowed(xml, permission, "CanCreate"), Allowed(xml, permission, "CanUpdate")));
            }

            result.Add(new SolutionFieldSecurityProfile(name, permissions));
        }

        return result;
    }

    /// <summary>FieldPermission values: 4 = allowed, 0 = not allowed.</summary>
    private static bool Allowed(PackageXml xml, XElement permission, string name) => xml.RequiredInt(permission, name) switch
    {
        4 => true,
        0 => false,
        var other => throw xml.Error(permission, $"<{name}> must be 4 (allowed) or 0 (not allowed), got {other}"),
    };

    private static void Check(PackageXml xml, SolutionTable table, int optionPrefix)
    {
        var low = optionPrefix * 10_000;
        foreach (var column in table.Columns.Where(c => c.IsCustom && c.Type == SolutionColumnType.Picklist))
        {
            if (column.Options.FirstOrDefault(o => o.Value < low || o.Value > low + 9_999) is { } outside)
            {
                throw new SolutionPackageException(xml.File, $"column {column.LogicalName}: choice value {outside.Value} ('{outside.Label}') is outside the publisher's range {low}–{low + 9_999}");
            }
        }

        foreach (var key in table.Keys)
        {
            foreach (var attribute in key.Attributes)
            {
                var column = table.Column(attribute);
                if (column is { IsSecured: true })
                {
                    throw new SolutionPackageException(xml.File, $"key {key.SchemaName}: column {attribute} has field-level security, which a key column cannot have");
                }

                if (column is null && table.IsCustom)
                {
                    throw new SolutionPackageException(xml.File, $"key {key.SchemaName}: column {attribute} is not defined in this Entity.xml");
                }
            }
        }
    }
}
