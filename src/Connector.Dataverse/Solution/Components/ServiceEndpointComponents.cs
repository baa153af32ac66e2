namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// Service endpoints (our webhooks): all in one file, <c>PluginAssemblies/ServiceEndpoints.xml</c> (root
/// <c>&lt;ServiceEndpoints&gt;</c>), as SolutionPackager keeps them; root components by id.
/// </summary>
internal sealed class ServiceEndpointComponents : ComponentKind
{
    public const string File = "PluginAssemblies/ServiceEndpoints.xml";

    public override string Section => "ServiceEndpoints";

    public override bool Owns(string relative) => relative == File;

    public override ComponentSet Read(PackContext context)
    {
        if (!context.Exists(File))
        {
            return ComponentSet.Empty;
        }

        var xml = context.Load(File).ExpectRoot("ServiceEndpoints");
        var endpoints = xml.Root.Elements("ServiceEndpoint").ToList();
        var roots = endpoints.Select(e => RootComponentRef.WithId(ComponentTypes.ServiceEndpoint, xml, e, "ServiceEndpointId")).ToList();
        return new ComponentSet([.. endpoints.Select(e => PackContext.Take(xml, e))], roots, []);
    }
}
