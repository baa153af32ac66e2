using Connector.Documents.Statements;
using Connector.Sync.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Documents;

/// <summary>The documents the connector writes (statements of account as PDF).</summary>
public static class DocumentsServiceCollectionExtensions
{
    public static IServiceCollection AddDocuments(this IServiceCollection services) =>
        services.AddSingleton<IStatementPdfWriter, StatementPdfWriter>();
}
