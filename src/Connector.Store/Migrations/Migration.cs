namespace Connector.Store.Migrations;

/// <summary>One versioned schema script; applied once, recorded in <c>schema_migrations</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
