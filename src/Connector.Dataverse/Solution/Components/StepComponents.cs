namespace Connector.Dataverse.Solution.Components;

/// <summary>
/// SDK message processing steps (our webhook registrations): <c>SdkMessageProcessingSteps/{id}.xml</c> (root
/// <c>&lt;SdkMessageProcessingStep&gt;</c>), root components by id. <c>SdkMessageId</c> must be a GUID: it is the one element
/// the schema check sets aside in a step (real exports write it first, the schema wants it after <c>Rank</c>).
/// </summary>
internal sealed class StepComponents : ComponentKind
{
    private const string Folder = "SdkMessageProcessingSteps";

    public override string Section => "SdkMessageProcessingSteps";

    public override bool Owns(string relative)
    {
        var parts = Parts(relative);
        return parts.Length == 2 && parts[0] == Folder && IsXml(parts[1]);
    }

    public override ComponentSet Read(PackContext context)
    {
        var elements = new List<System.Xml.Linq.XElement>();
        var roots = new List<RootComponentRef>();
        foreach (var file in context.XmlFiles(Folder))
        {
            var xml = context.Load(file).ExpectRoot("SdkMessageProcessingStep");
            var message = xml.RequiredText(xml.Root, "SdkMessageId");
            if (!Guid.TryParse(message, out _))
            {
                throw xml.Error(xml.Root.Element("SdkMessageId")!, $"<SdkMessageId> must be the id of the sdkmessage row (a GUID), got '{message}'");
            }

            roots.Add(RootComponentRef.WithId(ComponentTypes.SdkMessageProcessingStep, xml, xml.Root, "SdkMessageProcessingStepId"));
            elements.Add(PackContext.Take(xml, xml.Root));
        }

        return new ComponentSet(elements, roots, []);
    }
}
