using System.Data;
using System.Data.Common;

namespace Connector.Store.Relational;

/// <summary>Typed parameters for commands both providers run (a null still carries its type, which PostgreSQL needs).</summary>
internal static class DbCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbParameter Add(this DbCommand command, string name, DbType type, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static DbParameter Text(this DbCommand command, string name, string? value = null) => command.Add(name, DbType.String, value);

    public static DbParameter Int64(this DbCommand command, string name, long? value = null) => command.Add(name, DbType.Int64, value);

    public static DbParameter Bytes(this DbCommand command, string name, byte[]? value = null) => command.Add(name, DbType.Binary, value);

    public static DbParameter Time(this DbCommand command, string name, DateTimeOffset value) => command.Add(name, DbType.DateTimeOffset, value);

    /// <summary>A calendar day: <c>yyyy-MM-dd</c> text on SQLite, <c>date</c> on PostgreSQL.</summary>
    public static DbParameter Date(this DbCommand command, string name, DateOnly? value = null) => command.Add(name, DbType.Date, value);

    public static DbParameter Boolean(this DbCommand command, string name, bool? value = null) => command.Add(name, DbType.Boolean, value);

    public static void Set(this DbParameter parameter, object? value) => parameter.Value = value ?? DBNull.Value;
}
