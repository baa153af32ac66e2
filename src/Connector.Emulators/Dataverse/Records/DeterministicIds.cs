using System.Security.Cryptography;
using System.Text;

namespace Connector.Emulators.Dataverse.Records;

/// <summary>Stable ids for things a real environment would have from the start (organization, users, metadata), so runs repeat.</summary>
internal static class DeterministicIds
{
    public static Guid Of(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        return new Guid(hash[..16]);
    }
}
