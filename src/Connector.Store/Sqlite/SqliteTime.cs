using System.Globalization;

namespace Connector.Store.Sqlite;

/// <summary>Timestamps as Microsoft.Data.Sqlite writes a <see cref="DateTimeOffset"/> parameter, so statements bound by hand read back the same.</summary>
internal static class SqliteTime
{
    public static string Format(DateTimeOffset value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
}
