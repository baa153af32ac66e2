using System.Globalization;
using System.Xml.Linq;
using Connector.Emulators.Dataverse.Metadata;

namespace Connector.Emulators.Dataverse.Solutions;

/// <summary>
/// customizations.xml → table definitions: <c>Entities/Entity</c> (attributes, <c>EntityKeys</c>, <c>EntitySetName</c>,
/// <c>ChangeTrackingEnabled</c>), lookup targets from <c>EntityRelationships</c>, global choices from <c>optionsets</c>.
/// Keys arrive Pending: the environment builds their index, as Dataverse does after an import.
/// </summary>
internal sealed class CustomizationsReader(SolutionZipParts parts, string publisherPrefix)
{
    private const string Part = SolutionZipParts.CustomizationsPart;

    public IReadOnlyList<TableDefinition> Tables()
    {
        var root = parts.Customizations.Root!;
        var relationships = (root.Element("EntityRelationships")?.Elements("EntityRelationship") ?? [])
            .Where(r => string.Equals((string?)r.Element("EntityRelationshipType"), "OneToMany", StringComparison.OrdinalIgnoreCase))
            .Select(r => (
                Referencing: SolutionZipParts.RequiredText(r, "ReferencingEntityName", Part).ToLowerInvariant(),
                Attribute: SolutionZipParts.RequiredText(r, "ReferencingAttributeName", Part).ToLowerInvariant(),
                Referenced: SolutionZipParts.RequiredText(r, "ReferencedEntityName", Part).ToLowerInvariant()))
            .ToList();
        var globalChoices = (root.Element("optionsets")?.Elements("optionset") ?? [])
            .ToDictionary(o => (string?)o.Attribute("Name") ?? string.Empty, o => Options(o.Element("options")), StringComparer.OrdinalIgnoreCase);

        var tables = new List<TableDefinition>();
        foreach (var entity in root.Element("Entities")?.Elements("Entity") ?? [])
        {
            var logical = SolutionZipParts.RequiredText(entity, "Name", Part).ToLowerInvariant();
            var info = SolutionZipParts.Required(SolutionZipParts.Required(entity, "EntityInfo", Part), "entity", Part);
            var columns = new List<ColumnDefinition>();
            string? primaryId = null;
            string? primaryName = null;
            foreach (var attribute in SolutionZipParts.Required(info, "attributes", Part).Elements("attribute"))
            {
                var name = SolutionZipParts.RequiredText(attribute, "LogicalName", Part).ToLowerInvariant();
                var typeText = SolutionZipParts.RequiredText(attribute, "Type", Part).ToLowerInvariant();
                var type = TypeOf(typeText) ?? throw SolutionZipParts.Error(Part, attribute, $"{logical}.{name}: unsupported <Type> '{typeText}'");
                primaryId = typeText == "primarykey" ? name : primaryId;
                primaryName = ((string?)attribute.Element("DisplayMask"))?.Contains("PrimaryName", StringComparison.Ordinal) == true ? name : primaryName;
                int? maxLength = type is ColumnType.String or ColumnType.Memo && int.TryParse((string?)attribute.Element("MaxLength"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) ? length : null;
                IReadOnlyList<int>? options = null;
                if (type == ColumnType.Picklist && attribute.Element("optionset") is { } optionSet)
                {
                    options = optionSet.Element("options") is { } inline ? Options(inline)
                        : globalChoices.GetValueOrDefault((string?)optionSet.Attribute("Name") ?? string.Empty)
                          ?? throw SolutionZipParts.Error(Part, optionSet, $"{logical}.{name}: global choice '{(string?)optionSet.Attribute("Name")}' is not in <optionsets>");
                }

                IReadOnlyList<string>? targets = null;
                if (type is ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner)
                {
                    targets = [.. relationships.Where(r => r.Referencing == logical && r.Attribute == name).Select(r => r.Referenced).Distinct()];
                    if (type == ColumnType.Lookup && targets.Count == 0)
                    {
                        throw SolutionZipParts.Error(Part, attribute, $"{logical}.{name}: lookup with no <EntityRelationship> naming its target table");
                    }
                }

                columns.Add(new ColumnDefinition(name, type, maxLength, options, targets, (string?)attribute.Attribute("PhysicalName"), ((string?)attribute.Element("IsSecured"))?.Trim() == "1"));
            }

            var keys = (info.Element("EntityKeys")?.Elements("EntityKey") ?? [])
                .Select(k => new KeyDefinition(
                    SolutionZipParts.RequiredText(k, "Name", Part),
                    [.. SolutionZipParts.Required(k, "EntityKeyAttributes", Part).Elements("AttributeName").Select(a => a.Value.Trim().ToLowerInvariant())],
                    KeyIndexStatus.Pending))
                .ToList();
            var entitySet = ((string?)info.Element("EntitySetName"))?.Trim();
            tables.Add(new TableDefinition(
                logical,
                string.IsNullOrEmpty(entitySet) ? Plural(logical) : entitySet,
                primaryId ?? logical + "id",
                primaryName ?? "name",
                columns,
                keys,
                ChangeTrackingEnabled: ((string?)info.Element("ChangeTrackingEnabled"))?.Trim() == "1",
                IsCustomEntity: logical.StartsWith(publisherPrefix + "_", StringComparison.OrdinalIgnoreCase)));
        }

        return tables;
    }

    private static List<int> Options(XElement? options) =>
        [.. (options?.Elements("option") ?? []).Select(o => int.TryParse((string?)o.Attribute("value"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw SolutionZipParts.Error(Part, o, $"<option value=\"{(string?)o.Attribute("value")}\">: value must be a whole number"))];

    /// <summary>Dataverse's collection name when EntitySetName is absent: the English plural of the logical name.</summary>
    private static string Plural(string name) =>
        name.EndsWith('y') && name.Length > 1 && !"aeiou".Contains(name[^2], StringComparison.Ordinal) ? name[..^1] + "ies"
        : name.EndsWith('s') || name.EndsWith('x') || name.EndsWith("ch", StringComparison.Ordinal) || name.EndsWith("sh", StringComparison.Ordinal) ? name + "es"
        : name + "s";

    private static ColumnType? TypeOf(string type) => type switch
    {
        "primarykey" or "uniqueidentifier" => ColumnType.Uniqueidentifier,
        "nvarchar" => ColumnType.String,
        "ntext" => ColumnType.Memo,
        "money" => ColumnType.Money,
        "decimal" => ColumnType.Decimal,
        "int" => ColumnType.Integer,
        "bit" => ColumnType.Boolean,
        "picklist" or "state" or "status" => ColumnType.Picklist,
        "datetime" => ColumnType.DateTime,
        "lookup" => ColumnType.Lookup,
        "customer" => ColumnType.Customer,
        "owner" => ColumnType.Owner,
        _ => null,
    };
}
