using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Emulators.Hosting;

/// <summary>
/// The Kestrel lifecycle every emulator shares: a quiet slim host on the given URLs (port 0 picks a free port), the
/// address it really got, serving until cancelled, and stopping once however it is asked.
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private LoopbackHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the host listens, e.g. <c>http://127.0.0.1:53117/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A slim builder with no logging of its own, listening on <paramref name="urls"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(string urls, Type emulator)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = emulator.Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        return builder;
    }

    /// <summary>Starts <paramref name="app"/> and returns once it listens, with the address Kestrel bound.</summary>
    public static async Task<LoopbackHost> StartAsync(WebApplication app, string urls, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"Kestrel reported no address for '{urls}'.");
        return new LoopbackHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C in <c>connector emulate</c>), then stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the normal way out
        }

        await StopAsync(CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        await app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
