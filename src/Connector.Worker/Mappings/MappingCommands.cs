using System.CommandLine;
using System.Globalization;
using Connector.Erp.Csv;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Sync.Ports;
using Connector.Sync.Preview;
using Connector.Worker.Cli;
using Connector.Worker.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Mappings;

/// <summary>
/// <c>connector mappings validate [--dir DIR]</c> (every problem, one line each, exit 1) and
/// <c>connector mappings preview --entity E --input FILE [--rows N]</c> (source row beside canonical
/// record, per-row errors, and a dry-run diff against the ledger).
/// </summary>
public static class MappingCommands
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new Command("mappings", "ERP field mappings: check them, see what they make of a file")
        {
            Validate(cli),
            Preview(cli),
        };
    }

    private static Option<string?> Directory() => new("--dir")
    {
        Description = "Folder of mapping files (default: Mappings:Directory, 'mappings')",
        HelpName = "DIR",
    };

    private static Command Validate(CliContext cli)
    {
        var dir = Directory();
        var command = new Command("validate", "Check every mapping file; list every problem (file:line:column: field: what is wrong)") { dir };
        cli.SetAction(command, run =>
        {
            var directory = run.GetValue(dir) ?? run.Policy<MappingsOptions>().Directory;
            if (run.LoadMappings(directory) is not { } mappings)
            {
                return ExitCodes.UserMustAct;
            }

            run.Output.WriteLine($"{directory}: {mappings.Mappings.Count} mapping files are valid");
            foreach (var mapping in mappings.Mappings)
            {
                var sources = string.Join(" and ", new[] { mapping.Source.Csv is { } csv ? $"csv '{csv.Pattern}'" : null, mapping.Source.Sql is not null ? "sql" : null }.OfType<string>());
                run.Output.WriteLine($"  {mapping.Schema.Name,-10} ← {Path.GetFileName(mapping.File)} ({sources}; {mapping.FieldSources.Count} fields)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Preview(CliContext cli)
    {
        var dir = Directory();
        var entity = EntityOption.Create("The entity the file holds", required: true);
        var input = new Option<string>("--input") { Description = "An export file to preview (read with the mapping's csv settings)", Required = true, HelpName = "FILE" };
        input.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<string>() is { } path && !File.Exists(path))
            {
                result.AddError($"--input: file not found: '{path}'");
            }
        });
        var rows = new Option<int>("--rows")
        {
            Description = "How many rows to show",
            DefaultValueFactory = static _ => 10,
            HelpName = "N",
            CustomParser = static result => CommonOptions.ParseWholeNumber<int>(result, "--rows", minimum: 1),
        };
        var format = CommonOptions.Format();
        var command = new Command("preview", "Show source rows beside the canonical records the mapping makes, and what landing them would change") { dir, entity, input, rows, format };
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            if (run.LoadMappings(run.GetValue(dir)) is not { } mappings)
            {
                return ExitCodes.UserMustAct;
            }

            var schema = CanonicalSchema.Of(run.GetValue(entity)!.Value);
            if (mappings.Find(schema.Entity) is not { } mapping)
            {
                await run.Error.WriteLineAsync($"no mapping file for {schema.Name} in the mappings folder".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            if (mapping.Source.Csv is not { } csv)
            {
                await run.Error.WriteLineAsync($"{mapping.File}: has no source.csv section, so a file cannot be read with it".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            var path = Path.GetFullPath(run.GetValue(input));
            var spec = mapping.Source with { Csv = csv with { Pattern = Path.GetFileName(path) } };
            var source = new CsvDropSource(Path.GetDirectoryName(path)!, TimeSpan.Zero, run.Time);
            var unit = (await source.DiscoverAsync(schema.Name, spec, cancellationToken)).Single();
            if (unit.NotReady is { } notReady)
            {
                // A pipe, or a file the ERP is still writing: nothing to preview yet.
                await run.Error.WriteLineAsync($"{unit.Name}: {notReady}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            // Compared with the ledger when there is one; a preview never creates a store.
            await using var store = await run.Services.GetRequiredService<IConnectorStoreFactory>().OpenExistingAsync(cancellationToken);
            using var reader = await unit.OpenAsync(null, cancellationToken);
            var preview = await new MappingPreviewer(store).PreviewAsync(mapping, reader, run.GetValue(rows), cancellationToken);
            run.Write(MappingPreviewReport.From(preview, mapping, Path.GetFileName(path)), run.GetValue(format));
            return preview.UnitProblem is null ? ExitCodes.Ok : ExitCodes.UserMustAct;
        });
        return command;
    }
}
