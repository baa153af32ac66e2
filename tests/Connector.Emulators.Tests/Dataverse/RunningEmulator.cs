using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Records;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse;

/// <summary>What a test got back over HTTP.</summary>
internal sealed record ApiResult(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, string? ContentType)
{
    public JsonNode Json => JsonNode.Parse(Text) ?? throw new InvalidOperationException("empty body");

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public string ErrorCode => Json["error"]!["code"]!.GetValue<string>();

    public string ErrorMessage => Json["error"]!["message"]!.GetValue<string>();
}

/// <summary>
/// An emulator started on a free loopback port with a fake clock and the solution the tests assume imported: an
/// alternate key and change tracking on account, a composite key on contact, and the custom table arc_openitem.
/// </summary>
internal sealed class RunningEmulator : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 7, 1, 8, 0, 0, TimeSpan.Zero);

    private RunningEmulator(DataverseEmulator emulator, FakeTimeProvider clock)
    {
        Emulator = emulator;
        Clock = clock;
        Http = new HttpClient { BaseAddress = emulator.ApiUrl };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "emulator-test-token");
        Http.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        Http.DefaultRequestHeaders.Add("OData-Version", "4.0");
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public DataverseEmulator Emulator { get; }

    public DataverseEnvironment Environment => Emulator.Environment;

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public static TableDefinition AccountAdditions { get; } = new("account", "accounts", "accountid", "name",
        [
            new("arc_riskclass", ColumnType.Picklist, Options: [1, 2, 3, 4]),
            new("arc_manualhold", ColumnType.Boolean),
            new("arc_lastevaluatedon", ColumnType.DateTime),
        ],
        [new("arc_accountnumberkey", ["accountnumber"])],
        ChangeTrackingEnabled: true);

    public static TableDefinition ContactAdditions { get; } = new("contact", "contacts", "contactid", "fullname",
        [], [new("arc_nameemailkey", ["firstname", "emailaddress1"])]);

    public static TableDefinition OpenItem { get; } = new("arc_openitem", "arc_openitems", "arc_openitemid", "arc_documentnumber",
        [
            new("arc_openitemid", ColumnType.Uniqueidentifier),
            new("arc_documentnumber", ColumnType.String, MaxLength: 40),
            new("arc_amount", ColumnType.Money),
            new("arc_daysoverdue", ColumnType.Integer),
            new("arc_status", ColumnType.Picklist, Options: [1, 2, 3, 4]),
            new("arc_accountid", ColumnType.Lookup, Targets: ["account"], SchemaName: "arc_AccountId"),
        ],
        [new("arc_documentnumberkey", ["arc_documentnumber"])],
        ChangeTrackingEnabled: true,
        IsCustomEntity: true);

    /// <summary>What <c>solution-package/</c> adds to salesorder (the order credit status columns, change tracking); not imported by default.</summary>
    public static TableDefinition SalesOrderAdditions { get; } = new("salesorder", "salesorders", "salesorderid", "name",
        [
            new("arc_creditstatus", ColumnType.Picklist, Options: [472000000, 472000001, 472000002, 472000003]),
            new("arc_creditmessage", ColumnType.Memo, MaxLength: 2000),
            new("arc_creditcheckedon", ColumnType.DateTime),
            new("arc_releasereason", ColumnType.String, MaxLength: 500, IsSecured: true),
        ],
        [],
        ChangeTrackingEnabled: true);

    public static async Task<RunningEmulator> StartAsync(Action<DataverseEmulatorOptions>? configure = null, bool importSolution = true)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new DataverseEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        var emulator = await DataverseEmulator.StartAsync(options, CancellationToken.None);
        if (importSolution)
        {
            emulator.Environment.Import([AccountAdditions, ContactAdditions, OpenItem]);
        }

        return new RunningEmulator(emulator, clock);
    }

    public Task<ApiResult> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, null, headers);

    public Task<ApiResult> PostAsync(string path, string json, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, json, headers);

    public Task<ApiResult> PatchAsync(string path, string json, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Patch, path, json, headers);

    public async Task<ApiResult> SendAsync(HttpMethod method, string path, string? json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content!.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResult(response.StatusCode, text, response.Headers, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>An account created in process (as if it already existed in Dataverse).</summary>
    public Guid Account(string number, string? name = null, decimal? creditLimit = null) =>
        Environment.Create("account", new Dictionary<string, object?>
        {
            ["accountnumber"] = number,
            ["name"] = name ?? $"Customer {number}",
            ["creditlimit"] = creditLimit,
        });

    public static Guid IdOf(ApiResult result)
    {
        var entityId = result.Header("OData-EntityId") ?? throw new InvalidOperationException("no OData-EntityId");
        return Guid.Parse(entityId[(entityId.LastIndexOf('(') + 1)..^1]);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
