using System.Diagnostics;
using Connector.Testing;

namespace Connector.Worker.Tests.Support;

/// <summary>
/// Debian's chromium (test.sh installs it) run headless as a process: the DOM a page builds, a screenshot of it. Missing,
/// the test fails — it is never skipped.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static async Task<string> DumpDomAsync(string htmlFile) => (await RunAsync(htmlFile, "--dump-dom")).Output;

    public static async Task ScreenshotAsync(string htmlFile, string pngFile, int width, int height) =>
        await RunAsync(htmlFile, $"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static async Task<(string Output, string Error)> RunAsync(string htmlFile, params string[] arguments)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: test.sh installs Debian's chromium, which this test needs");
        using var profile = new TempDirectory("connector-chromium-");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={profile.Path}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish within 3 minutes: {await error}");
        }

        Assert.True(process.ExitCode == 0, $"chromium exit {process.ExitCode}: {await error}");
        return (await output, await error);
    }
}
