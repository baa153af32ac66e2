using System.Text.Json.Nodes;
using Connector.Emulators.Graph;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Worker.Tests.Support;

/// <summary>
/// The Graph emulator on a free loopback port with a mailbox for each of the sample company's collectors and the
/// shared dunning mailbox; and each collector's list read the way tests compare them.
/// </summary>
internal sealed class EmulatedGraph : IAsyncDisposable
{
    public const string SenderMailbox = "ar@sample-company.example";
    public const string ListName = "AR Collections";

    /// <summary>The sample company's collectors' mailboxes (samples/erp/COLLECTORS_*.csv, lower-cased by the mapping).</summary>
    public static readonly string[] Collectors =
    [
        "alice.morgan@example.com", "ben.carter@example.com", "carla.reyes@example.com", "david.kim@example.com",
        "emma.walsh@example.com", "frank.osei@example.com", "greta.hoffmann@example.com", "hugo.laurent@example.com",
    ];

    private EmulatedGraph(GraphEmulator emulator)
    {
        Emulator = emulator;
    }

    public GraphEmulator Emulator { get; }

    public GraphState State => Emulator.State;

    public GraphEmulatorOptions Options => Emulator.Options;

    /// <summary>What <c>Graph:BaseUrl</c> is set to.</summary>
    public Uri ApiUrl => Emulator.ApiUrl;

    /// <param name="throttleRate">The share of mailbox requests answered with an injected 429 (seeded, so repeatable).</param>
    public static async Task<EmulatedGraph> StartAsync(DateTimeOffset? now = null, double throttleRate = 0)
    {
        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        var options = new GraphEmulatorOptions { TimeProvider = clock };
        options.Faults.ThrottleRate = throttleRate;
        options.Users.Add(SenderMailbox);
        foreach (var collector in Collectors)
        {
            options.Users.Add(collector);
        }

        return new EmulatedGraph(await GraphEmulator.StartAsync(options, CancellationToken.None));
    }

    /// <summary>The tasks of a collector's list (empty when the list does not exist yet).</summary>
    public IReadOnlyList<JsonObject> Tasks(string mailbox) =>
        State.FindUser(mailbox)?.Lists.FirstOrDefault(static l => l.DisplayName == ListName)?.Tasks ?? [];

    /// <summary>Every task of every collector's list, by mailbox, with its linked case id.</summary>
    public IReadOnlyList<(string Mailbox, string? CaseId, JsonObject Task)> AllTasks() =>
        [.. Collectors.SelectMany(m => Tasks(m).Select(t => (m, CaseId(t), t)))];

    /// <summary>The <c>externalId</c> of a task's first linked resource.</summary>
    public static string? CaseId(JsonObject task) =>
        task["linkedResources"] is JsonArray links && links.Count > 0 ? links[0]?["externalId"]?.GetValue<string>() : null;

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
}
