using Connector.Sync.Statements;

namespace Connector.Sync.Ports;

/// <summary>Renders a statement of account as a PDF file (the attachment a customer receives).</summary>
public interface IStatementPdfWriter
{
    byte[] Write(StatementOfAccount statement);
}
