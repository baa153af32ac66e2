using System.Text.Json;
using Connector.Sync.Ports;

namespace Connector.Dataverse.Sync;

public sealed partial class WebApiDataverse
{
    public Task<DataverseWriteResult> WriteByIdAsync(DataverseTable table, Guid id, string columns, DataverseWriteMode mode, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Writes by id are not implemented yet.");

    public Task<JsonElement?> ReadByIdAsync(DataverseTable table, Guid id, IReadOnlyList<string> columns, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Reads by id are not implemented yet.");
}
