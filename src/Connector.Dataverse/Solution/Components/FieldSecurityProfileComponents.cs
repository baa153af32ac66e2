using System.Xml.Linq;

namespace Connector.Dataverse.Solution.Components;

/// <summary>Field security profiles: <c>Other/FieldSecurityProfiles.xml</c> (root <c>&lt;FieldSecurityProfiles&gt;</c>), root components by id.</summary>
internal sealed class FieldSecurityProfileComponents : ComponentKind
{
    public override string Section => "FieldSecurityProfiles";

    public override bool Owns(string relative) => relative == SolutionPackage.FieldSecurityProfilesFile;

    public override ComponentSet Read(PackContext context)
    {
        if (!context.Exists(SolutionPackage.FieldSecurityProfilesFile))
        {
            return ComponentSet.Empty;
        }

        var xml = context.Load(SolutionPackage.FieldSecurityProfilesFile).ExpectRoot("FieldSecurityProfiles");
        var profiles = xml.Root.Elements("FieldSecurityProfile").ToList();
        var roots = profiles.Select(p => RootComponentRef.WithId(ComponentTypes.FieldSecurityProfile, xml, p, "fieldsecurityprofileid")).ToList();
        return new ComponentSet([.. profiles.Select(p => PackContext.Take(xml, p))], roots, []);
    }
}
