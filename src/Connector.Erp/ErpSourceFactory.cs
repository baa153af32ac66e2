using Connector.Erp.Csv;
using Connector.Erp.Sql;
using Connector.Erp.Writeback;
using Connector.Sync.Ports;
using Connector.Sync.Settings;

namespace Connector.Erp;

/// <summary>Builds the ERP source the settings ask for.</summary>
public static class ErpSourceFactory
{
    /// <summary>The drop folder or SQL source of <paramref name="options"/>; throws with every settings problem when they are not usable.</summary>
    public static IErpSource Create(ErpOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var problems = SettingsValidation.Failures(options, new ErpOptionsValidator(), new ErpOptionsCrossFieldValidator());
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        if (options.IsCsv)
        {
            return new CsvDropSource(options.DropFolder, TimeSpan.FromSeconds(options.FileSettleSeconds), timeProvider);
        }

        return new SqlSource(SqlProviders.Find(options.Provider)!, options.ConnectionString, options.CommandTimeoutSeconds);
    }

    /// <summary>
    /// The writeback of <paramref name="options"/>' source kind: files in the writeback folder (csv) or the staging
    /// tables of the ERP database (sql); <c>null</c> when <c>Erp:Writeback</c> is false. Throws like <see cref="Create"/>.
    /// </summary>
    public static IErpWriteback? CreateWriteback(ErpOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var problems = SettingsValidation.Failures(options, new ErpOptionsValidator(), new ErpOptionsCrossFieldValidator());
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        if (!options.Writeback)
        {
            return null;
        }

        return options.IsCsv
            ? new CsvWriteback(options.ResolvedWritebackFolder)
            : new SqlWriteback(options.Provider, options.ConnectionString, options.CommandTimeoutSeconds, timeProvider);
    }
}
