using Connector.Emulators.Dataverse.Metadata;

namespace Connector.Emulators.Dataverse.Query;

/// <summary>What a filterable property holds, so literals are checked against it the way the OData parser does.</summary>
internal enum PropertyKind
{
    Text,
    Number,
    Boolean,
    Guid,
    DateTime,
}

internal static class PropertyKinds
{
    public static PropertyKind Of(ColumnType type) => type switch
    {
        ColumnType.String or ColumnType.Memo => PropertyKind.Text,
        ColumnType.Money or ColumnType.Decimal or ColumnType.Integer or ColumnType.Picklist => PropertyKind.Number,
        ColumnType.Boolean => PropertyKind.Boolean,
        ColumnType.DateTime => PropertyKind.DateTime,
        _ => PropertyKind.Guid,
    };

    public static string EdmName(PropertyKind kind) => kind switch
    {
        PropertyKind.Text => "Edm.String",
        PropertyKind.Number => "Edm.Decimal",
        PropertyKind.Boolean => "Edm.Boolean",
        PropertyKind.Guid => "Edm.Guid",
        _ => "Edm.DateTimeOffset",
    };

    public static bool Accepts(PropertyKind kind, LiteralKind literal) => literal == LiteralKind.Null || (kind, literal) switch
    {
        (PropertyKind.Text, LiteralKind.String) => true,
        (PropertyKind.Number, LiteralKind.Number) => true,
        (PropertyKind.Boolean, LiteralKind.Boolean) => true,
        (PropertyKind.Guid, LiteralKind.Guid) => true,
        (PropertyKind.DateTime, LiteralKind.DateTime) => true,
        _ => false,
    };
}
