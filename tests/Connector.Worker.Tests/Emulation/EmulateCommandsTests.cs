using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Connector.Worker.Tests.Emulation;

/// <summary><c>connector emulate dataverse|graph</c>: a server an admin can point the connector at, until stopped.</summary>
public sealed partial class EmulateCommandsTests
{
    [Fact]
    public async Task EmulateDataverse_WithSolution_ServesTheImportedTablesUntilCancelled()
    {
        await using var emulate = await EmulatorProcess.StartAsync("emulate", "dataverse", "--urls", "http://127.0.0.1:0", "--import-solution");

        using var response = await emulate.GetAsync("api/data/v9.2/EntityDefinitions(LogicalName='arc_openitem')?$select=EntitySetName");

        Assert.Contains("Imported solution ReceivablesConnector", emulate.Output, StringComparison.Ordinal);
        Assert.Contains("Service protection per caller over a 300 s sliding window: 6000 requests", emulate.Output, StringComparison.Ordinal);
        Assert.Contains("\"EntitySetName\":\"arc_openitems\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await emulate.StopAsync());
    }

    [Fact]
    public async Task EmulateGraph_WithAUser_ServesItsToDoListsUntilCancelled()
    {
        await using var emulate = await EmulatorProcess.StartAsync("emulate", "graph", "--urls", "http://127.0.0.1:0", "--user", "ann@contoso.com");

        using var response = await emulate.GetAsync("v1.0/users/ann@contoso.com/todo/lists");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("4 concurrent requests, 10000 requests per 10 min", emulate.Output, StringComparison.Ordinal);
        Assert.Equal(0, await emulate.StopAsync());
    }

    [Fact]
    public async Task EmulateDataverse_RequestsPerWindow_IsTheLimitItEnforcesAndNamesIn429s()
    {
        await using var emulate = await EmulatorProcess.StartAsync("emulate", "dataverse", "--urls", "http://127.0.0.1:0", "--requests-per-window", "2");

        using var first = await emulate.GetAsync("api/data/v9.2/WhoAmI");
        using var second = await emulate.GetAsync("api/data/v9.2/WhoAmI");
        using var third = await emulate.GetAsync("api/data/v9.2/WhoAmI");

        Assert.Contains("Service protection per caller over a 300 s sliding window: 2 requests", emulate.Output, StringComparison.Ordinal);
        Assert.Equal((System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.TooManyRequests), (second.StatusCode, third.StatusCode));
        Assert.Equal(
            """{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 2 over time window of 300 seconds."}}""",
            await third.Content.ReadAsStringAsync());
        Assert.Equal(0, await emulate.StopAsync());
    }

    [Fact]
    public async Task EmulateDataverse_ZeroTimeScale_IsBadUsage()
    {
        var result = await Support.InProcess.RunAsync("emulate", "dataverse", "--time-scale", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--time-scale must be greater than 0", result.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Listening();

    /// <summary>The command running in-process until the test cancels it, with its output as it is written.</summary>
    private sealed class EmulatorProcess : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly SignallingWriter output = new();
        private readonly HttpClient http = new();
        private Task<int> run = Task.FromResult(0);

        public string Output => output.Text;

        public static async Task<EmulatorProcess> StartAsync(params string[] args)
        {
            var process = new EmulatorProcess();
            process.run = ConnectorApp.RunAsync(args, process.output, TextWriter.Null, cancellationToken: process.stop.Token);
            var url = await process.output.WaitForAsync(Listening(), process.run);
            process.http.BaseAddress = new Uri(url);
            process.http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "emulate-test-token");
            return process;
        }

        public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(new Uri(path, UriKind.Relative));

        public async Task<int> StopAsync()
        {
            await stop.CancelAsync();
            return await run;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            http.Dispose();
            stop.Dispose();
        }
    }

    /// <summary>A writer the test can wait on for a line matching a pattern (the URL a port-0 server got).</summary>
    private sealed class SignallingWriter : TextWriter
    {
        private readonly StringBuilder text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (text)
                {
                    return text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        public async Task<string> WaitForAsync(Regex pattern, Task<int> run)
        {
            for (var i = 0; i < 500; i++)
            {
                // The last line printed at start: by then the address and what the emulator enforces are all written.
                if (Text.Contains("Ctrl+C stops.", StringComparison.Ordinal) && pattern.Match(Text) is { Success: true } match)
                {
                    return match.Groups[1].Value;
                }

                if (run.IsCompleted)
                {
                    throw new InvalidOperationException($"the command ended (exit {await run}) before it listened: {Text}");
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"the command did not say where it listens within 10 s: {Text}");
        }
    }
}
