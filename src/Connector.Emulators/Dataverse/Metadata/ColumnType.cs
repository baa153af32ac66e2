namespace Connector.Emulators.Dataverse.Metadata;

/// <summary>The Dataverse attribute types the emulator stores and validates (AttributeTypeCode names).</summary>
public enum ColumnType
{
    Uniqueidentifier,
    String,
    Memo,
    Money,
    Decimal,
    Integer,
    Boolean,
    Picklist,
    DateTime,
    /// <summary>A single-valued lookup; <see cref="ColumnDefinition.Targets"/> names the table(s) it may point at.</summary>
    Lookup,
    /// <summary>A polymorphic customer lookup (account or contact), e.g. <c>salesorder.customerid</c>.</summary>
    Customer,
    Owner,
}
