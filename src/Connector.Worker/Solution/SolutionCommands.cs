using System.CommandLine;
using System.Globalization;
using Connector.Dataverse.Solution;
using Connector.Worker.Cli;

namespace Connector.Worker.Solution;

/// <summary>
/// <c>connector solution pack --out FILE.zip [--folder DIR] [--managed]</c>: checks <c>solution-package/</c> and writes the
/// importable zip, unmanaged unless <c>--managed</c> (exit 0, prints path, size and component counts); a malformed or
/// incomplete package is one line on stderr naming the file, and a customizations.xml Microsoft's schema would refuse is
/// one line per problem (file, line, what the schema expected) and a count (exit 1, no zip written).
/// </summary>
public static class SolutionCommands
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new Command("solution", "The Dataverse solution (solution-package/): tables, columns, keys, field security")
        {
            Pack(cli),
        };
    }

    private static Command Pack(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "The solution zip to write", Required = true, HelpName = "FILE.zip" };
        var folder = new Option<string?>("--folder")
        {
            Description = "The unpacked solution (default: the nearest 'solution-package' above the working directory or the program)",
            HelpName = "DIR",
        };
        var managed = new Option<bool>("--managed") { Description = "Build the managed zip customers install (default: unmanaged, for development environments)" };
        var command = new Command("pack", "Build the importable solution zip; the same folder always gives the same bytes") { output, folder, managed };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (SolutionFolder.Locate(run.GetValue(folder)) is not { } source)
            {
                await run.Error.WriteLineAsync($"no '{SolutionPackage.FolderName}' folder with Other/Solution.xml found above '{Environment.CurrentDirectory}'; pass --folder DIR".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            var path = Path.GetFullPath(run.GetValue(output));
            PackedSolution packed;
            using var zip = new MemoryStream();
            try
            {
                var type = run.GetValue(managed) ? SolutionPackageType.Managed : SolutionPackageType.Unmanaged;
                packed = await SolutionPacker.PackAsync(source, zip, type, cancellationToken);
            }
            catch (SolutionPackageException e)
            {
                var where = e.File is null ? e.Message : Path.Combine(source, e.Message);
                await run.Error.WriteLineAsync(where.AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }
            catch (SolutionSchemaException e)
            {
                foreach (var problem in e.Problems)
                {
                    await run.Error.WriteLineAsync(Path.Combine(source, problem.ToString()).AsMemory(), cancellationToken);
                }

                await run.Error.WriteLineAsync(e.Message.AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, zip.ToArray(), cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await run.Error.WriteLineAsync($"{path}: cannot write the zip: {e.Message}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            var model = packed.Model;
            run.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: {packed.ZipLength:N0} bytes, {(packed.PackageType == SolutionPackageType.Managed ? "managed" : "unmanaged")} solution {model.UniqueName} {model.Version} (prefix {model.PublisherPrefix})"));
            run.Output.WriteLine("  " + string.Join(", ", packed.Components().Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count} {c.Kind}"))));
            foreach (var table in model.Tables)
            {
                var traits = string.Join(", ", new[]
                {
                    table.IsCustom ? "new table" : "extends a standard table",
                    $"{table.Columns.Count} columns",
                    table.Keys.Count > 0 ? "key " + string.Join(", ", table.Keys.Select(k => k.SchemaName)) : null,
                    table.ChangeTrackingEnabled ? "change tracking" : null,
                }.OfType<string>());
                run.Output.WriteLine($"  {table.LogicalName,-14} ({table.EntitySetName}): {traits}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
