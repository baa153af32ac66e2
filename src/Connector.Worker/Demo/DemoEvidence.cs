using Connector.Documents.Evidence;
using Connector.Sync.Evidence;
using Connector.Worker.Evidence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Demo;

/// <summary>
/// The demo's evidence part on the product path: an AR manager takes the showcase customer C-1043 (a broken promise, a
/// disputed invoice) to a collection agency — <c>connector evidence --customer C-1043 --zip</c> from the demo's store —
/// and the demo says where the PDF and its raw sections are and which audit chain head they were built from.
/// </summary>
internal static class DemoEvidence
{
    public const string Customer = "C-1043";

    public static async Task<string> WriteAsync(IServiceProvider services, string folder, CancellationToken cancellationToken)
    {
        var built = await services.GetRequiredService<EvidencePackBuilder>()
            .BuildAsync(EvidenceCommand.Request(services.GetRequiredService<IConfiguration>(), Customer), cancellationToken);
        if (built.Pack is not { } pack)
        {
            return $"Evidence pack of {Customer}: {built.Problem}";
        }

        var pdfPath = Path.Combine(folder, $"evidence-{Customer}.pdf");
        var pdf = EvidencePackPdfWriter.Write(pack);
        await File.WriteAllBytesAsync(pdfPath, pdf, cancellationToken);
        await File.WriteAllBytesAsync(Path.ChangeExtension(pdfPath, ".zip"), EvidencePackZipWriter.Write(pack, pdf, Path.GetFileName(pdfPath)), cancellationToken);
        return $"Evidence pack: {pdfPath} and its raw sections beside it (.zip) for {pack.CustomerName} ({Customer}), built from audit chain head {EvidencePackPdfWriter.ChainHead(pack)}.";
    }
}
