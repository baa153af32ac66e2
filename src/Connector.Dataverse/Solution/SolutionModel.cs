namespace Connector.Dataverse.Solution;

/// <summary>
/// What <c>solution-package/</c> defines, read once so that mappings, the push and <c>connector dataverse check</c>
/// use the same names instead of repeating them.
/// </summary>
/// <param name="UniqueName">Solution.xml <c>UniqueName</c>, e.g. <c>ReceivablesConnector</c>.</param>
/// <param name="Version">Solution.xml <c>Version</c>, e.g. <c>1.0.0.0</c>.</param>
/// <param name="PublisherPrefix">The publisher's <c>CustomizationPrefix</c> (<c>arc</c>): custom tables and columns start with it and <c>_</c>.</param>
/// <param name="OptionValuePrefix">The publisher's <c>CustomizationOptionValuePrefix</c>; custom choice values start at it × 10,000.</param>
/// <param name="Tables">Every table the solution creates or extends, in folder order.</param>
/// <param name="Relationships">The one-to-many relationships behind the lookups.</param>
/// <param name="FieldSecurityProfiles">Who may read and write the secured columns.</param>
public sealed record SolutionModel(
    string UniqueName,
    string Version,
    string PublisherPrefix,
    int OptionValuePrefix,
    IReadOnlyList<SolutionTable> Tables,
    IReadOnlyList<SolutionRelationship> Relationships,
    IReadOnlyList<SolutionFieldSecurityProfile> FieldSecurityProfiles)
{
    /// <summary>The table with this logical name, or <c>null</c>.</summary>
    public SolutionTable? Table(string logicalName) =>
        Tables.FirstOrDefault(t => string.Equals(t.LogicalName, logicalName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the package defines <paramref name="column"/> on <paramref name="table"/> (logical names).</summary>
    public bool HasColumn(string table, string column) => Table(table)?.Column(column) is not null;

    /// <summary>Every column as <c>table.column</c>, the shape <c>MappingLoadOptions.DataverseColumns</c> takes.</summary>
    public IReadOnlySet<string> QualifiedColumnNames() =>
        Tables.SelectMany(t => t.Columns.Select(c => $"{t.LogicalName}.{c.LogicalName}")).ToHashSet(StringComparer.Ordinal);
}

/// <summary>A table (Entity.xml) as the solution defines it.</summary>
/// <param name="LogicalName">Lower case, e.g. <c>account</c>, <c>arc_openitem</c>.</param>
/// <param name="SchemaName">As written in Entity.xml <c>&lt;Name&gt;</c>, e.g. <c>arc_OpenItem</c>.</param>
/// <param name="EntitySetName">The Web API collection, e.g. <c>arc_openitems</c> (Entity.xml <c>EntitySetName</c>, or the plural rule).</param>
/// <param name="PrimaryIdAttribute">The primary key column (<c>arc_openitemid</c>); <c>&lt;logical name&gt;id</c> when the package does not carry it.</param>
/// <param name="PrimaryNameAttribute">The column whose display mask says <c>PrimaryName</c>, when the package carries it.</param>
/// <param name="IsCustom">The solution creates the table (its name carries the publisher prefix); otherwise it extends a standard one.</param>
/// <param name="ChangeTrackingEnabled">Whether the solution turns change tracking on.</param>
/// <param name="Columns">The columns the solution defines or relies on, sorted by logical name.</param>
/// <param name="Keys">Alternate keys.</param>
public sealed record SolutionTable(
    string LogicalName,
    string SchemaName,
    string EntitySetName,
    string PrimaryIdAttribute,
    string? PrimaryNameAttribute,
    bool IsCustom,
    bool ChangeTrackingEnabled,
    IReadOnlyList<SolutionColumn> Columns,
    IReadOnlyList<SolutionKey> Keys)
{
    /// <summary>The column with this logical name, or <c>null</c>.</summary>
    public SolutionColumn? Column(string logicalName) =>
        Columns.FirstOrDefault(c => string.Equals(c.LogicalName, logicalName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One column (Entity.xml <c>&lt;attribute&gt;</c>).</summary>
/// <param name="LogicalName">Lower case, e.g. <c>arc_arbalance</c>.</param>
/// <param name="SchemaName">The <c>PhysicalName</c>, e.g. <c>arc_ARBalance</c>; for a lookup also its navigation property (<c>arc_AccountId@odata.bind</c>).</param>
/// <param name="Type">What the column holds.</param>
/// <param name="MaxLength">Text and multi-line text only.</param>
/// <param name="Options">Choice values with their labels (choices and yes/no).</param>
/// <param name="Targets">Tables a lookup may point at (from the relationships).</param>
/// <param name="IsSecured">Field-level security is on: only a field security profile grants access.</param>
/// <param name="IsCustom">The solution creates the column (<c>IsCustomField</c>); a standard column is listed because code relies on it.</param>
/// <param name="DateOnly">A date-time column with the date-only format: the Web API takes and returns <c>yyyy-MM-dd</c>.</param>
public sealed record SolutionColumn(
    string LogicalName,
    string SchemaName,
    SolutionColumnType Type,
    int? MaxLength,
    IReadOnlyList<ChoiceOption> Options,
    IReadOnlyList<string> Targets,
    bool IsSecured,
    bool IsCustom,
    bool DateOnly)
{
    /// <summary>The value of the option with this label (ordinal, case-insensitive), or <c>null</c>.</summary>
    public int? OptionValue(string label) =>
        Options.FirstOrDefault(o => string.Equals(o.Label, label, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>The attribute types a solution package may declare (Entity.xml <c>&lt;Type&gt;</c>, named as AttributeTypeCode).</summary>
public enum SolutionColumnType
{
    /// <summary><c>primarykey</c> or <c>uniqueidentifier</c>.</summary>
    Uniqueidentifier,

    /// <summary><c>nvarchar</c>: single-line text.</summary>
    String,

    /// <summary><c>ntext</c>: multi-line text.</summary>
    Memo,
    Money,
    Decimal,

    /// <summary><c>int</c>.</summary>
    Integer,

    /// <summary><c>bit</c>: yes/no.</summary>
    Boolean,

    /// <summary><c>picklist</c>: a choice.</summary>
    Picklist,
    DateTime,
    Lookup,
    Customer,
    Owner,

    /// <summary><c>state</c>: statecode.</summary>
    State,

    /// <summary><c>status</c>: statuscode.</summary>
    Status,
}

/// <summary>One choice option: its value (prefix × 10,000 + n for custom choices) and its 1033 label.</summary>
public sealed record ChoiceOption(int Value, string Label);

/// <summary>An alternate key (Entity.xml <c>&lt;EntityKey&gt;</c>).</summary>
/// <param name="SchemaName">e.g. <c>arc_accountnumber_key</c>.</param>
/// <param name="Attributes">The key's columns (logical names), in key order.</param>
public sealed record SolutionKey(string SchemaName, IReadOnlyList<string> Attributes)
{
    /// <summary>Two keys are equal when their names and columns are (a record alone would compare the lists by reference).</summary>
    public bool Equals(SolutionKey? other) =>
        other is not null && SchemaName == other.SchemaName && Attributes.SequenceEqual(other.Attributes, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(SchemaName, Attributes.Count);
}

/// <summary>A one-to-many relationship: <paramref name="ReferencingTable"/>.<paramref name="ReferencingAttribute"/> looks up <paramref name="ReferencedTable"/>.</summary>
public sealed record SolutionRelationship(string Name, string ReferencingTable, string ReferencingAttribute, string ReferencedTable);

/// <summary>A field security profile and the secured columns it opens.</summary>
public sealed record SolutionFieldSecurityProfile(string Name, IReadOnlyList<SolutionFieldPermission> Permissions);

/// <summary>What a profile allows on one secured column.</summary>
public sealed record SolutionFieldPermission(string Table, string Column, bool CanRead, bool CanCreate, bool CanUpdate);
