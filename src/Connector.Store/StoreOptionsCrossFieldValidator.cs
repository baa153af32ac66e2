using System.Data.Common;
using Connector.Domain.Policies;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Store;

/// <summary>
/// What depends on <c>Store:Provider</c>: PostgreSQL needs a connection string, the default SQLite database a data directory,
/// and a given connection string must parse for its provider. Nothing is checked for a provider that is not known (its
/// attribute reports it); the connection string's value is never echoed. Every failure is reported.
/// </summary>
public sealed class StoreOptionsCrossFieldValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(StoreOptions.SectionName);
        var provider = options.Provider?.Trim().ToLowerInvariant();
        if (provider is not (StoreOptions.Sqlite or StoreOptions.PostgreSql))
        {
            return ValidateOptionsResult.Success;
        }

        if (options.IsPostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add(
                nameof(StoreOptions.ConnectionString),
                "is required when Store:Provider is 'postgresql', such as 'Host=db;Database=connector;Username=connector;Password=…'",
                options.ConnectionString);
        }
        else if (!options.IsPostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add(nameof(StoreOptions.DataDirectory), "is required for the default SQLite database (or set Store:ConnectionString)", options.DataDirectory);
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                _ = options.IsPostgreSql ? (DbConnectionStringBuilder)new NpgsqlConnectionStringBuilder(options.ConnectionString) : new SqliteConnectionStringBuilder(options.ConnectionString);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                errors.AddShown(nameof(StoreOptions.ConnectionString), $"is not a valid {provider} connection string: {e.Message.TrimEnd('.')}", "not shown: it may hold a password");
            }
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
