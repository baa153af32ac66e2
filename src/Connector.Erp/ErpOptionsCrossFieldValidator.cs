using Connector.Domain.Policies;
using Connector.Erp.Sql;
using Microsoft.Extensions.Options;

namespace Connector.Erp;

/// <summary>
/// What each <c>Erp:Kind</c> needs: <c>csv</c> a drop folder and a writeback folder that is not the drop folder itself,
/// <c>sql</c> a known provider and a connection string (never shown). Every failure is reported.
/// </summary>
public sealed class ErpOptionsCrossFieldValidator : IValidateOptions<ErpOptions>
{
    public ValidateOptionsResult Validate(string? name, ErpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PolicyErrors(ErpOptions.SectionName);
        if (options.IsCsv)
        {
            errors.Required(nameof(ErpOptions.DropFolder), options.DropFolder, "is required when Erp:Kind is csv");

            // The drop folder is read without its subfolders, so any other folder (the default is one under it) is never read back as an export.
            if (options.Writeback && !string.IsNullOrWhiteSpace(options.DropFolder)
                && string.Equals(
                    Path.TrimEndingDirectorySeparator(options.ResolvedWritebackFolder),
                    Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DropFolder)),
                    OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                errors.Add(
                    nameof(ErpOptions.WritebackFolder),
                    "must not be the drop folder itself: the CSV source would read the writeback files back as exports (leave it empty for <DropFolder>/writeback)",
                    options.WritebackFolder);
            }
        }

        if (options.IsSql)
        {
            if (SqlProviders.Find(options.Provider) is null)
            {
                errors.Add(nameof(ErpOptions.Provider), "must be sqlite, postgresql or sqlserver", options.Provider);
            }

            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                errors.AddShown(nameof(ErpOptions.ConnectionString), "is required when Erp:Kind is sql", "empty");
            }
        }

        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}
