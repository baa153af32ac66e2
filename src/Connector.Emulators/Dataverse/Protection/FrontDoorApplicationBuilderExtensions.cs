using Microsoft.AspNetCore.Builder;

namespace Connector.Emulators.Dataverse.Protection;

public static class FrontDoorApplicationBuilderExtensions
{
    /// <summary>
    /// Puts the Dataverse front door (401, fault injection, service protection, execution-time delay, informational
    /// headers) in front of everything under <c>/api/data/</c>. Add it before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseDataverseFrontDoor(this IApplicationBuilder app, DataverseFrontDoor frontDoor)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(frontDoor);
        return app.Use(next => new ServiceProtectionMiddleware(next, frontDoor).InvokeAsync);
    }
}
