using System.Runtime.CompilerServices;
using System.Text.Json;
using Connector.Dataverse.Requests;
using Connector.Sync.Ports;

namespace Connector.Dataverse.Sync;

public sealed partial class WebApiDataverse
{
    /// <summary>The page size asked for (<c>Prefer: odata.maxpagesize</c>); Dataverse's own maximum.</summary>
    private const int ReadAllPageSize = 5000;

    public async IAsyncEnumerable<IReadOnlyList<JsonElement>> ReadAllAsync(
        DataverseTable table, IReadOnlyList<string> columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var page = await client.SendAsync(new RetrieveMultipleRequest(table.EntitySetName, columns, maxPageSize: ReadAllPageSize), cancellationToken);
        while (true)
        {
            yield return page.Records;
            if (page.NextLink is null)
            {
                yield break;
            }

            page = await client.SendAsync(RetrieveMultipleRequest.NextPage(page.NextLink, ReadAllPageSize), cancellationToken);
        }
    }
}
