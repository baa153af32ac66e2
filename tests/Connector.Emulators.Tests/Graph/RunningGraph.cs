using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Emulators.Graph;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Graph;

/// <summary>What a test got back from the Graph emulator over HTTP.</summary>
internal sealed record GraphResult(HttpStatusCode Status, string Text, HttpResponseHeaders Headers)
{
    public JsonNode Json => JsonNode.Parse(Text) ?? throw new InvalidOperationException("empty body");

    public string ErrorCode => Json["error"]!["code"]!.GetValue<string>();
}

/// <summary>A Graph emulator on a free loopback port with a fake clock and the mailboxes 'alice' and 'bob'.</summary>
internal sealed class RunningGraph : IAsyncDisposable
{
    private RunningGraph(GraphEmulator emulator, FakeTimeProvider clock)
    {
        Emulator = emulator;
        Clock = clock;
        Http = new HttpClient { BaseAddress = emulator.ApiUrl };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "graph-test-token");
    }

    public GraphEmulator Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public static async Task<RunningGraph> StartAsync(Action<GraphEmulatorOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.Zero));
        var options = new GraphEmulatorOptions { TimeProvider = clock };
        options.Users.Add("alice");
        options.Users.Add("bob");
        configure?.Invoke(options);
        return new RunningGraph(await GraphEmulator.StartAsync(options, CancellationToken.None), clock);
    }

    public Task<GraphResult> GetAsync(string url) => SendAsync(HttpMethod.Get, url, null);

    public Task<GraphResult> PostAsync(string url, string json) => SendAsync(HttpMethod.Post, url, json);

    public async Task<GraphResult> SendAsync(HttpMethod method, string url, string? json, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await (client ?? Http).SendAsync(request);
        return new GraphResult(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    /// <summary>Creates a list for a user and returns its id.</summary>
    public async Task<string> CreateListAsync(string user, string name = "Collections")
    {
        var created = await PostAsync($"users/{user}/todo/lists", $$"""{"displayName":"{{name}}"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json["id"]!.GetValue<string>();
    }

    /// <summary>Creates a task and returns its id.</summary>
    public async Task<string> CreateTaskAsync(string user, string list, string title)
    {
        var created = await PostAsync($"users/{user}/todo/lists/{list}/tasks", $$"""{"title":"{{title}}"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json["id"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
