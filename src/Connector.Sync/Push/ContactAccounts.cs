using System.Text.Json;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>
/// Which of our accounts each contact belongs to (<c>contact.parentcustomerid</c>): an order's customer may be a contact,
/// and Dataverse's webhook payload names only the contact. Read in full once per sync (contacts are not change-tracked
/// by our solution), keeping only contacts whose parent is an account the connector pushed, so the order check resolves
/// them from memory.
/// </summary>
public static class ContactAccounts
{
    public static IReadOnlyList<string> Columns { get; } = ["contactid", "_parentcustomerid_value"];

    public static async Task<IReadOnlyDictionary<Guid, Guid>> ReadAsync(IDataverse dataverse, IReadOnlyDictionary<string, Guid> accountIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataverse);
        ArgumentNullException.ThrowIfNull(accountIds);
        var ours = new HashSet<Guid>(accountIds.Values);
        var byContact = new Dictionary<Guid, Guid>();
        await foreach (var page in dataverse.ReadAllAsync(DataverseModel.Contacts, Columns, cancellationToken).ConfigureAwait(false))
        {
            foreach (var contact in page)
            {
                if (Id(contact, "contactid") is { } id && Id(contact, "_parentcustomerid_value") is { } parent && ours.Contains(parent))
                {
                    byContact[id] = parent;
                }
            }
        }

        return byContact;
    }

    private static Guid? Id(JsonElement record, string column) =>
        record.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id) ? id : null;
}
