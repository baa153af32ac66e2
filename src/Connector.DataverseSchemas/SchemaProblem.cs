using System.Xml.Linq;

namespace Connector.DataverseSchemas;

/// <summary>
/// One place where a document breaks the schema.
/// </summary>
/// <param name="At">The element or attribute at fault (it carries its line when the document was loaded with line info).</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Position">1-based position in the line, 0 when unknown.</param>
/// <param name="Message">.NET's validation message, which names what the schema expected, e.g. "The element 'attribute' has
/// invalid child element 'Precision'. List of possible elements expected: '…'."</param>
public sealed record SchemaProblem(XObject? At, int Line, int Position, string Message);
