using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Who a bearer token belongs to, for per-user limits. The emulator does not validate tokens (no signature, issuer,
/// audience or expiry check): any bearer token is accepted, only its owner matters. When the token is a JWT its
/// <c>oid</c> claim (the application user's object id), else its <c>appid</c>, names the caller; any other token is
/// named by a digest, so the token itself never lands in stats or logs.
/// </summary>
public static class BearerCaller
{
    private const string Scheme = "Bearer ";

    /// <summary>The caller behind an <c>Authorization</c> header value, or null when it is missing or not a bearer token.</summary>
    public static string? Identify(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[Scheme.Length..].Trim();
        if (token.Length == 0)
        {
            return null;
        }

        return ClaimOf(token) ?? "token-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 8);
    }

    /// <summary>The <c>oid</c> or <c>appid</c> claim of a JWT's payload (decoded, not verified); null otherwise.</summary>
    private static string? ClaimOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            if (payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var claim in (ReadOnlySpan<string>)["oid", "appid"])
            {
                if (payload.RootElement.TryGetProperty(claim, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } id)
                {
                    return id;
                }
            }

            return null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
