using System.Globalization;
using System.Xml.Linq;

namespace Connector.Dataverse.Solution;

/// <summary>
/// Reads one <c>&lt;Entity&gt;</c> (Entities/&lt;Name&gt;/Entity.xml) into a <see cref="SolutionTable"/>. Element names follow
/// SolutionPackager's unpacked format: <c>EntityInfo/entity/attributes/attribute</c>, <c>EntityKeys/EntityKey</c>,
/// <c>EntitySetName</c>, <c>ChangeTrackingEnabled</c>.
/// </summary>
internal sealed class EntityXmlReader(
    PackageXml xml,
    string publisherPrefix,
    IReadOnlyList<SolutionRelationship> relationships,
    IReadOnlyDictionary<string, IReadOnlyList<ChoiceOption>> globalChoices)
{
    public SolutionTable Read()
    {
        var root = xml.ExpectRoot("Entity").Root;
        var schemaName = xml.RequiredText(root, "Name");
        var logicalName = schemaName.ToLowerInvariant();
        var entity = xml.Required(xml.Required(root, "EntityInfo"), "entity");
        var attributes = xml.Required(entity, "attributes").Elements("attribute").ToList();

        var columns = new List<SolutionColumn>(attributes.Count);
        string? primaryId = null;
        string? primaryName = null;
        foreach (var attribute in attributes)
        {
            var column = Column(logicalName, attribute);
            if (columns.Any(c => c.LogicalName == column.LogicalName))
            {
                throw xml.Error(attribute, $"{PackageXml.Describe(attribute)}: column {column.LogicalName} is defined twice");
            }

            columns.Add(column);
            if (string.Equals(attribute.Element("Type")?.Value.Trim(), "primarykey", StringComparison.OrdinalIgnoreCase))
            {
                primaryId = column.LogicalName;
            }

            if (((string?)attribute.Element("DisplayMask"))?.Contains("PrimaryName", StringComparison.Ordinal) == true)
            {
                primaryName = column.LogicalName;
            }
        }

        var keys = entity.Element("EntityKeys")?.Elements("EntityKey").Select(Key).ToList() ?? [];
        var entitySet = ((string?)entity.Element("EntitySetName"))?.Trim();
        return new SolutionTable(
            logicalName,
            schemaName,
            string.IsNullOrEmpty(entitySet) ? EntitySetNames.Plural(logicalName) : entitySet,
            primaryId ?? logicalName + "id",
            primaryName,
            IsCustom: logicalName.StartsWith(publisherPrefix + "_", StringComparison.OrdinalIgnoreCase),
            ChangeTrackingEnabled: PackageXml.Flag(entity, "ChangeTrackingEnabled"),
            [.. columns.OrderBy(c => c.LogicalName, StringComparer.Ordinal)],
            keys);
    }

    private SolutionKey Key(XElement key)
    {
        var name = xml.RequiredText(key, "Name");
        var attributes = xml.Required(key, "EntityKeyAttributes").Elements("AttributeName")
            .Select(a => a.Value.Trim().ToLowerInvariant())
            .Where(a => a.Length > 0)
            .ToList();
        return attributes.Count > 0 ? new SolutionKey(name, attributes) : throw xml.Error(key, $"key {name}: <EntityKeyAttributes> names no <AttributeName>");
    }

    private SolutionColumn Column(string table, XElement attribute)
    {
        var physical = xml.RequiredAttribute(attribute, "PhysicalName");
        var logical = xml.RequiredText(attribute, "LogicalName").ToLowerInvariant();
        var typeText = xml.RequiredText(attribute, "Type");
        var type = TypeOf(typeText) ?? throw xml.Error(attribute, $"{PackageXml.Describe(attribute)}: unsupported <Type> '{typeText}'");
        int? maxLength = type is SolutionColumnType.String or SolutionColumnType.Memo ? xml.RequiredInt(attribute, "MaxLength") : null;
        var options = type is SolutionColumnType.Picklist or SolutionColumnType.Boolean or SolutionColumnType.State or SolutionColumnType.Status
            ? Options(attribute, type)
            : [];
        IReadOnlyList<string> targets = [];
        if (type is SolutionColumnType.Lookup or SolutionColumnType.Customer or SolutionColumnType.Owner)
        {
            targets = [.. relationships
                .Where(r => string.Equals(r.ReferencingTable, table, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(r.ReferencingAttribute, logical, StringComparison.OrdinalIgnoreCase))
                .Select(r => r.ReferencedTable)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)];
            if (type == SolutionColumnType.Lookup && targets.Count == 0)
            {
                throw xml.Error(attribute, $"{PackageXml.Describe(attribute)}: lookup with no relationship naming its target table (Other/Relationships/*.xml)");
            }
        }

        var dateOnly = type == SolutionColumnType.DateTime
            && (string.Equals(((string?)attribute.Element("Format"))?.Trim(), "date", StringComparison.OrdinalIgnoreCase)
                || ((string?)attribute.Element("Behavior"))?.Trim() == "2");
        return new SolutionColumn(
            logical,
            physical,
            type,
            maxLength,
            options,
            targets,
            IsSecured: PackageXml.Flag(attribute, "IsSecured"),
            IsCustom: PackageXml.Flag(attribute, "IsCustomField"),
            dateOnly);
    }

    private IReadOnlyList<ChoiceOption> Options(XElement attribute, SolutionColumnType type)
    {
        var optionSet = attribute.Element("optionset");
        if (optionSet is null)
        {
            return type == SolutionColumnType.Picklist
                ? throw xml.Error(attribute, $"{PackageXml.Describe(attribute)}: choice without <optionset>")
                : [];
        }

        var options = optionSet.Element("options");
        if (options is null)
        {
            // A global choice is referenced by name; its options live in OptionSets/<name>.xml.
            var name = xml.RequiredAttribute(optionSet, "Name");
            return globalChoices.TryGetValue(name, out var global)
                ? global
                : throw xml.Error(optionSet, $"{PackageXml.Describe(attribute)}: global choice '{name}' is not in OptionSets/");
        }

        return ReadOptions(xml, options);
    }

    /// <summary>Reads <c>&lt;options&gt;&lt;option value="…"&gt;&lt;labels&gt;&lt;label description="…" languagecode="1033"/&gt;</c>.</summary>
    public static IReadOnlyList<ChoiceOption> ReadOptions(PackageXml xml, XElement options)
    {
        var result = new List<ChoiceOption>();
        foreach (var option in options.Elements("option"))
        {
            var text = xml.RequiredAttribute(option, "value");
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw xml.Error(option, $"<option value=\"{text}\">: value must be a whole number");
            }

            var labels = option.Element("labels")?.Elements("label").ToList() ?? [];
            var label = labels.FirstOrDefault(l => (string?)l.Attribute("languagecode") == "1033") ?? labels.FirstOrDefault();
            result.Add(new ChoiceOption(value, ((string?)label?.Attribute("description"))?.Trim() ?? string.Empty));
        }

        return result;
    }

    private static SolutionColumnType? TypeOf(string type) => type.ToLowerInvariant() switch
    {
        "primarykey" or "uniqueidentifier" => SolutionColumnType.Uniqueidentifier,
        "nvarchar" => SolutionColumnType.String,
        "ntext" => SolutionColumnType.Memo,
        "money" => SolutionColumnType.Money,
        "decimal" => SolutionColumnType.Decimal,
        "int" => SolutionColumnType.Integer,
        "bit" => SolutionColumnType.Boolean,
        "picklist" => SolutionColumnType.Picklist,
        "datetime" => SolutionColumnType.DateTime,
        "lookup" => SolutionColumnType.Lookup,
        "customer" => SolutionColumnType.Customer,
        "owner" => SolutionColumnType.Owner,
        "state" => SolutionColumnType.State,
        "status" => SolutionColumnType.Status,
        _ => null,
    };
}
