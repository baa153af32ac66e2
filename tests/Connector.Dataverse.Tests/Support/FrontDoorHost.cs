using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.Dataverse.Tests.Support;

/// <summary>
/// Kestrel on 127.0.0.1 behind the Dataverse emulator's front door (its service protection, 429 codes, Retry-After,
/// x-ms-dop-hint) with a WhoAmI endpoint: until the whole emulator lands, this is where the client meets the
/// emulated limits.
/// </summary>
internal sealed class FrontDoorHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private FrontDoorHost(WebApplication app, DataverseFrontDoor frontDoor)
    {
        this.app = app;
        FrontDoor = frontDoor;
    }

    public DataverseFrontDoor FrontDoor { get; }

    public Uri Url { get; private set; } = null!;

    public static async Task<FrontDoorHost> StartAsync(DataverseEmulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var frontDoor = new DataverseFrontDoor(options);
        app.UseDataverseFrontDoor(frontDoor);
        app.Run(context => context.Request.Path.Value == "/api/data/v9.2/WhoAmI"
            ? context.Response.WriteAsJsonAsync(new { UserId = Guid.Empty, BusinessUnitId = Guid.Empty, OrganizationId = Guid.Empty })
            : Task.FromResult(context.Response.StatusCode = StatusCodes.Status404NotFound));
        await app.StartAsync();
        return new FrontDoorHost(app, frontDoor) { Url = new Uri(app.Urls.Single().TrimEnd('/') + "/") };
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
