namespace Connector.Worker.Tests.Support;

/// <summary>A test that needs root (mounting a small tmpfs): skipped, saying so, for any other user.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!IsRoot)
        {
            Skip = "needs root: it mounts a small tmpfs to fill the disk (StoreFailuresTests covers the message for any user)";
        }
    }

    public static bool IsRoot => Environment.UserName == "root";
}
