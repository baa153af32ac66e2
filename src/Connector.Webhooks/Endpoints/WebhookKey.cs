using System.Security.Cryptography;
using System.Text;

namespace Connector.Webhooks.Endpoints;

/// <summary>
/// The shared key compared in constant time. Both sides are hashed first, so neither the content nor the length of
/// the key leaks through how long a wrong guess takes.
/// </summary>
internal sealed class WebhookKey
{
    private readonly byte[] expected;

    public WebhookKey(string key)
    {
        expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected);
}
