namespace Connector.Emulators.Dataverse.Metadata;

/// <summary>
/// The system tables an imported solution's presentation components become rows of, readable through the Web API as in
/// Dataverse: views (<c>savedqueries</c>), forms and dashboards (<c>systemforms</c>), charts (<c>savedqueryvisualizations</c>),
/// apps (<c>appmodules</c>), site maps (<c>sitemaps</c>), security roles (<c>roles</c>), web resources (<c>webresourceset</c>) and
/// environment variable definitions (<c>environmentvariabledefinitions</c>). Only the columns that say what was imported.
/// </summary>
public static class SolutionComponentTables
{
    public const string SavedQuery = "savedquery";
    public const string SystemForm = "systemform";
    public const string Visualization = "savedqueryvisualization";
    public const string AppModule = "appmodule";
    public const string SiteMap = "sitemap";
    public const string Role = "role";
    public const string WebResource = "webresource";
    public const string EnvironmentVariableDefinition = "environmentvariabledefinition";

    private const int XmlLength = 1_048_576;

    public static IReadOnlyList<TableDefinition> All { get; } =
    [
        new(SavedQuery, "savedqueries", "savedqueryid", "name",
        [
            new("savedqueryid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 200),
            new("returnedtypecode", ColumnType.String, MaxLength: 128),
            new("querytype", ColumnType.Integer),
            new("isdefault", ColumnType.Boolean),
            new("fetchxml", ColumnType.Memo, MaxLength: XmlLength),
            new("layoutxml", ColumnType.Memo, MaxLength: XmlLength),
        ],
        []),
        new(SystemForm, "systemforms", "formid", "name",
        [
            new("formid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 100),
            new("objecttypecode", ColumnType.String, MaxLength: 128),
            // 0 Dashboard, 2 Main, 5 Mobile, 6 Quick view, 7 Quick create, 11 Card.
            new("type", ColumnType.Integer),
            new("formxml", ColumnType.Memo, MaxLength: XmlLength),
        ],
        []),
        new(Visualization, "savedqueryvisualizations", "savedqueryvisualizationid", "name",
        [
            new("savedqueryvisualizationid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 200),
            new("primaryentitytypecode", ColumnType.String, MaxLength: 128),
            new("datadescription", ColumnType.Memo, MaxLength: XmlLength),
            new("presentationdescription", ColumnType.Memo, MaxLength: XmlLength),
        ],
        []),
        new(AppModule, "appmodules", "appmoduleid", "name",
        [
            new("appmoduleid", ColumnType.Uniqueidentifier),
            new("uniquename", ColumnType.String, MaxLength: 200),
            new("name", ColumnType.String, MaxLength: 200),
            new("descriptor", ColumnType.Memo, MaxLength: XmlLength),
        ],
        []),
        new(SiteMap, "sitemaps", "sitemapid", "sitemapname",
        [
            new("sitemapid", ColumnType.Uniqueidentifier),
            new("sitemapname", ColumnType.String, MaxLength: 200),
            new("sitemapnameunique", ColumnType.String, MaxLength: 200),
            new("sitemapxml", ColumnType.Memo, MaxLength: XmlLength),
        ],
        []),
        new(Role, "roles", "roleid", "name",
        [
            new("roleid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 100),
            new("privileges", ColumnType.Memo, MaxLength: XmlLength),
        ],
        []),
        new(WebResource, "webresourceset", "webresourceid", "name",
        [
            new("webresourceid", ColumnType.Uniqueidentifier),
            new("name", ColumnType.String, MaxLength: 256),
            new("webresourcetype", ColumnType.Integer),
        ],
        []),
        new(EnvironmentVariableDefinition, "environmentvariabledefinitions", "environmentvariabledefinitionid", "schemaname",
        [
            new("environmentvariabledefinitionid", ColumnType.Uniqueidentifier),
            new("schemaname", ColumnType.String, MaxLength: 100),
            new("displayname", ColumnType.String, MaxLength: 100),
            // 100000000 String, 100000001 Number, 100000002 Boolean, 100000003 JSON, 100000004 Data source, 100000005 Secret.
            new("type", ColumnType.Integer),
            new("defaultvalue", ColumnType.Memo, MaxLength: 2000),
        ],
        []),
    ];
}
