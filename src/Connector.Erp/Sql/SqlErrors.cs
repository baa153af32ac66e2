using System.Data.Common;

namespace Connector.Erp.Sql;

/// <summary>Turns provider failures into <see cref="ErpSourceException"/>s that name the entity and query and never the password.</summary>
internal static class SqlErrors
{
    private const int QueryChars = 200;

    public static ErpSourceException Wrap(string entity, string query, string connectionString, Exception error)
    {
        var message = Scrub($"SQL source for {entity} failed: {OneLine(error.Message)}; query: {Shorten(query)}", connectionString);
        return new ErpSourceException(message, error) { Entity = entity };
    }

    /// <summary>The query on one line, cut to a length a message can carry.</summary>
    public static string Shorten(string query)
    {
        var line = OneLine(query);
        return line.Length <= QueryChars ? line : line[..QueryChars] + "…";
    }

    public static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Belt and braces: providers do not echo passwords, but should one ever do so, it is blanked.</summary>
    public static string Scrub(string message, string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in (string[])["password", "pwd"])
            {
                if (builder.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } secret)
                {
                    message = message.Replace(secret, "***", StringComparison.Ordinal);
                }
            }
        }
        catch (ArgumentException)
        {
            // A connection string the builder cannot parse: the provider will have said so without its contents.
        }

        return message;
    }
}
