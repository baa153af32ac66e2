using System.Xml;
using System.Xml.Schema;

namespace Connector.Bank.Camt;

/// <summary>
/// The official ISO 20022 schemas of the camt messages read (embedded, <c>Schemas/SOURCE.md</c>), compiled once into one set:
/// a document is validated against the schema of its root's namespace.
/// </summary>
internal static class CamtSchemas
{
    /// <summary>The messages read, by namespace: camt.053 (end-of-day statement) and camt.054 (debit/credit notification), .001.02 and .001.08.</summary>
    public static readonly IReadOnlyDictionary<string, string> Messages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"] = "camt.053.001.02",
        ["urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"] = "camt.053.001.08",
        ["urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"] = "camt.054.001.02",
        ["urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"] = "camt.054.001.08",
    };

    private static readonly Lazy<XmlSchemaSet> Compiled = new(Compile);

    public static XmlSchemaSet Set => Compiled.Value;

    private static XmlSchemaSet Compile()
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        var assembly = typeof(CamtSchemas).Assembly;
        foreach (var message in Messages.Values)
        {
            using var stream = assembly.GetManifestResourceStream($"Connector.Bank.Schemas.{message}.xsd")
                ?? throw new InvalidOperationException($"The schema {message}.xsd is not embedded in {assembly.GetName().Name}.");
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            set.Add(XmlSchema.Read(reader, null)!);
        }

        set.Compile();
        return set;
    }
}
