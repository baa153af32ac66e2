namespace Connector.Dataverse.Solution;

/// <summary>Which zip <c>connector solution pack</c> builds.</summary>
public enum SolutionPackageType
{
    /// <summary>For development environments: the components stay editable and removable one by one.</summary>
    Unmanaged,

    /// <summary>
    /// What an ISV ships to customers: <c>&lt;Managed&gt;1&lt;/Managed&gt;</c> in solution.xml (and a form's
    /// <c>{id}_managed.xml</c> where the package has one); uninstalling the solution removes its components.
    /// </summary>
    Managed,
}
