using System.CommandLine;
using System.Globalization;
using Connector.Documents.Evidence;
using Connector.Sync.Collections;
using Connector.Sync.Evidence;
using Connector.Sync.Settings;
using Connector.Worker.Audit;
using Connector.Worker.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Evidence;

/// <summary>
/// <c>connector evidence --customer ID --out FILE.pdf [--zip]</c>: a customer's evidence pack from the store
/// (<see cref="EvidencePackBuilder"/>) as a PDF, and with <c>--zip</c> also <c>FILE.zip</c> holding the PDF and each
/// section's raw CSV/JSON. Prints where it wrote and the audit chain head the pack was built from.
/// </summary>
public static class EvidenceCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var customer = new Option<string?>("--customer") { Description = "The customer (ERP customer number)", HelpName = "ID" };
        var output = new Option<string?>("--out") { Description = "The PDF to write (FILE.pdf)", HelpName = "FILE.pdf" };
        var zip = new Option<bool>("--zip") { Description = "Also write FILE.zip: the PDF and the raw CSV/JSON of each section, with a manifest of SHA-256 hashes" };
        var command = new Command("evidence", "A customer's evidence pack for a collection agency or a court: statement, invoices, payments, dunning email, contacts, promises, disputes, holds — with sources and the audit chain head")
        {
            customer, output, zip,
        };
        command.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(customer)))
            {
                result.AddError("evidence: say whose pack: --customer ID");
            }

            if (result.GetValue(output) is not { } path || string.IsNullOrWhiteSpace(path))
            {
                result.AddError("evidence: say where to write it: --out FILE.pdf");
            }
            else if (!path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError($"evidence: --out must name a .pdf file (was '{path}')");
            }
        });
        cli.SetAction(command, async (run, cancellationToken) =>
        {
            EvidencePackResult built;
            try
            {
                built = await run.Services.GetRequiredService<EvidencePackBuilder>()
                    .BuildAsync(Request(run.Services.GetRequiredService<IConfiguration>(), run.GetValue(customer)!.Trim()), cancellationToken);
            }
            catch (Exception ex) when (CommandRun.StoreFailure(ex))
            {
                await run.Error.WriteLineAsync(run.StoreProblem(ex).AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            if (built.Pack is not { } pack)
            {
                await run.Error.WriteLineAsync($"evidence: {built.Problem}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            var pdfPath = Path.GetFullPath(run.GetValue(output)!);
            var zipPath = Path.ChangeExtension(pdfPath, ".zip");
            try
            {
                var pdf = EvidencePackPdfWriter.Write(pack);
                Directory.CreateDirectory(Path.GetDirectoryName(pdfPath)!);
                await File.WriteAllBytesAsync(pdfPath, pdf, cancellationToken);
                await run.Output.WriteLineAsync($"Evidence pack of {pack.CustomerName} ({pack.CustomerId}) as of {pack.AsOf:yyyy-MM-dd}: {pdfPath}".AsMemory(), cancellationToken);
                if (run.GetValue(zip))
                {
                    await File.WriteAllBytesAsync(zipPath, EvidencePackZipWriter.Write(pack, pdf, Path.GetFileName(pdfPath)), cancellationToken);
                    await run.Output.WriteLineAsync($"With its raw sections: {zipPath}".AsMemory(), cancellationToken);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await run.Error.WriteLineAsync($"evidence: cannot write {pdfPath}: {ex.Message}".AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            await run.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Audit chain head: {EvidencePackPdfWriter.ChainHead(pack)} ({pack.Chain.Events} events verified); `connector audit verify` must lead through it.").AsMemory(), cancellationToken);
            if (pack.Chain.Break is { } broken)
            {
                await run.Error.WriteLineAsync(AuditVerifyCommand.BrokenLine(pack.Chain, broken).AsMemory(), cancellationToken);
                return ExitCodes.UserMustAct;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The pack's request from the settings: the company's name and, when <c>Dunning:PayLinkPattern</c> is set and valid, the statement's pay link.</summary>
    internal static EvidencePackRequest Request(IConfiguration configuration, string customerId)
    {
        var dunning = configuration.GetSection(DunningMailOptions.SectionName).Get<DunningMailOptions>() ?? new DunningMailOptions();
        var company = string.IsNullOrWhiteSpace(dunning.CompanyName) ? "(Dunning:CompanyName not set)" : dunning.CompanyName;
        // The statement's pay link only when Dunning:PayLinkPattern is set and valid (collections validate it where it is required).
        var payLinks = !string.IsNullOrWhiteSpace(dunning.PayLinkPattern)
            && !SettingsValidation.Failures(dunning, new DunningMailOptionsValidator()).Any(static f => f.Contains(nameof(DunningMailOptions.PayLinkPattern), StringComparison.Ordinal))
            ? dunning
            : null;
        return new EvidencePackRequest(customerId, company, payLinks);
    }
}
