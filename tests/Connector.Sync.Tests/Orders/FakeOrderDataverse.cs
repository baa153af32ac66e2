using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Tests.Orders;

/// <summary>A transient failure of Dataverse that outlasted the retries: what the fake throws.</summary>
internal sealed class SimulatedOutageException(string message) : Exception(message);

/// <summary>
/// The part of Dataverse the order credit pass uses, in memory: change-tracking pages the test sets, writes by id
/// recorded and answered as Dataverse would (an update of a missing order, a repeated create), contacts' parents.
/// </summary>
internal sealed class FakeOrderDataverse : IDataverse
{
    private readonly ConcurrentDictionary<Guid, byte> created = new();
    private readonly Dictionary<Guid, Guid?> contactParents = [];
    private IReadOnlyList<DataverseChangePage> nextPages = [];
    private int deltaNumber;

    public sealed record Write(DataverseTable Table, Guid Id, JsonElement Columns, DataverseWriteMode Mode, DataverseWriteStatus Answer);

    /// <summary>Every write answered, in the order answered.</summary>
    public ConcurrentQueue<Write> Writes { get; } = new();

    /// <summary>The delta link each change read started from (<c>null</c>: a full read).</summary>
    public List<string?> ReadFrom { get; } = [];

    /// <summary>Contacts read by id.</summary>
    public List<Guid> ContactReads { get; } = [];

    /// <summary>Orders Dataverse refuses to update, with why.</summary>
    public Dictionary<Guid, string> Refused { get; } = [];

    /// <summary>Orders deleted in Dynamics: an update finds nothing.</summary>
    public HashSet<Guid> Missing { get; } = [];

    /// <summary>The next writes throw before reaching Dataverse.</summary>
    public int FailWrites { get; set; }

    /// <summary>The next notification creates are done, but the answer is lost (the call throws).</summary>
    public int LoseCreateAnswers { get; set; }

    /// <summary>The next change read throws after yielding this many pages.</summary>
    public int? FailReadAfterPages { get; set; }

    /// <summary>The writes of one table that Dataverse carried out (not those answered Missing, AlreadyExists or Refused).</summary>
    public IReadOnlyList<Write> Done(DataverseTable table) =>
        [.. Writes.Where(w => w.Table == table && w.Answer == DataverseWriteStatus.Written)];

    /// <summary>What the next change read returns; the last page carries the delta link (given or made up).</summary>
    public void Changes(params DataverseChangePage[] pages) => nextPages = pages;

    /// <summary>One page of changed and deleted orders, the last of its read.</summary>
    public void Changes(IReadOnlyList<JsonElement> changed, IReadOnlyList<Guid>? deleted = null) =>
        nextPages = [new DataverseChangePage([.. changed.Select(r => new DataverseChange(Guid.Parse(r.GetProperty("salesorderid").GetString()!), r))], deleted ?? [], NextDeltaLink())];

    public void Contact(Guid contact, Guid? parentAccount) => contactParents[contact] = parentAccount;

    public string NextDeltaLink() => $"https://org.example/api/data/v9.2/salesorders?$deltatoken={++deltaNumber}";

    public async IAsyncEnumerable<DataverseChangePage> ReadChangesAsync(
        DataverseTable table, IReadOnlyList<string> columns, string? deltaLink, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Assert.Equal(DataverseModel.SalesOrders, table);
        ReadFrom.Add(deltaLink);
        var pages = nextPages.Count > 0 ? nextPages : [new DataverseChangePage([], [], NextDeltaLink())];
        var failAfter = FailReadAfterPages;
        FailReadAfterPages = null;
        for (var i = 0; i < pages.Count; i++)
        {
            if (i == failAfter)
            {
                throw new SimulatedOutageException($"change read failed after page {i}");
            }

            await Task.Yield();
            yield return pages[i];
        }

        nextPages = []; // read: the next read from the new delta link reports nothing new
    }

    public Task<DataverseWriteResult> WriteByIdAsync(DataverseTable table, Guid id, string columns, DataverseWriteMode mode, CancellationToken cancellationToken)
    {
        lock (Writes)
        {
            if (FailWrites > 0)
            {
                FailWrites--;
                throw new SimulatedOutageException($"{table.EntitySetName}({id}) timed out");
            }
        }

        var payload = JsonDocument.Parse(columns).RootElement;
        if (table == DataverseModel.AppNotifications)
        {
            Assert.Equal(DataverseWriteMode.CreateOnly, mode);
            var answer = created.TryAdd(id, 0) ? DataverseWriteStatus.Written : DataverseWriteStatus.AlreadyExists;
            Writes.Enqueue(new Write(table, id, payload, mode, answer));
            lock (Writes)
            {
                if (LoseCreateAnswers > 0)
                {
                    LoseCreateAnswers--;
                    throw new SimulatedOutageException($"appnotifications({id}): connection reset before the answer");
                }
            }

            return Task.FromResult(new DataverseWriteResult(answer));
        }

        Assert.Equal(DataverseModel.SalesOrders, table);
        Assert.Equal(DataverseWriteMode.UpdateOnly, mode);
        if (Refused.TryGetValue(id, out var why))
        {
            Writes.Enqueue(new Write(table, id, payload, mode, DataverseWriteStatus.Refused));
            return Task.FromResult(new DataverseWriteResult(DataverseWriteStatus.Refused, new DataverseRecordFailure(id.ToString("D"), 400, "0x80040203", why)));
        }

        var status = Missing.Contains(id) ? DataverseWriteStatus.Missing : DataverseWriteStatus.Written;
        Writes.Enqueue(new Write(table, id, payload, mode, status));
        return Task.FromResult(new DataverseWriteResult(status));
    }

    public Task<JsonElement?> ReadByIdAsync(DataverseTable table, Guid id, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        Assert.Equal(DataverseModel.Contacts, table);
        ContactReads.Add(id);
        if (!contactParents.TryGetValue(id, out var parent))
        {
            return Task.FromResult<JsonElement?>(null);
        }

        var json = parent is { } account
            ? $$"""{ "contactid": "{{id}}", "_parentcustomerid_value": "{{account}}", "_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account" }"""
            : $$"""{ "contactid": "{{id}}", "_parentcustomerid_value": null }""";
        return Task.FromResult<JsonElement?>(JsonDocument.Parse(json).RootElement);
    }

    public Task<DataverseUpsertResult> UpsertAsync(DataverseTable table, IReadOnlyList<DataverseUpsert> records, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the order credit pass does not upsert by key");

    public IAsyncEnumerable<IReadOnlyList<JsonElement>> ReadAllAsync(DataverseTable table, IReadOnlyList<string> columns, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the order credit pass does not read whole tables");

    /// <summary>A sales order as change tracking returns it.</summary>
    public static JsonElement Order(
        Guid id,
        Guid customer,
        string customerTable = "account",
        Guid? owner = null,
        decimal amount = 1_000m,
        int state = 0,
        int? creditStatus = null,
        string? creditMessage = null,
        string? releaseReason = null,
        Guid? modifiedBy = null,
        string modifiedByName = "Sam Seller",
        Guid? currency = null,
        decimal? exchangeRate = null,
        decimal? baseAmount = null)
    {
        var record = new Dictionary<string, object?>
        {
            ["salesorderid"] = id.ToString("D"),
            ["ordernumber"] = "ORD-" + id.ToString("N")[^5..],
            ["name"] = "Spring restock",
            ["_customerid_value"] = customer.ToString("D"),
            ["_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = customerTable,
            ["totalamount"] = amount,
            ["_ownerid_value"] = (owner ?? OrderPortfolio.Owner).ToString("D"),
            ["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "systemuser",
            ["statecode"] = state,
            ["arc_creditstatus"] = creditStatus,
            ["arc_creditmessage"] = creditMessage,
            ["arc_releasereason"] = releaseReason,
            ["_modifiedby_value"] = (modifiedBy ?? Guid.Parse("5e5e5e5e-0000-0000-0000-000000000001")).ToString("D"),
            ["_modifiedby_value@OData.Community.Display.V1.FormattedValue"] = modifiedByName,
        };
        if (currency is { } currencyId)
        {
            record["_transactioncurrencyid_value"] = currencyId.ToString("D");
            record["exchangerate"] = exchangeRate;
            record["totalamount_base"] = baseAmount;
        }

        return JsonSerializer.SerializeToElement(record);
    }
}
