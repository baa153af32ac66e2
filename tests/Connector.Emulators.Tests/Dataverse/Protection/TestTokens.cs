using System.Buffers.Text;
using System.Text;

namespace Connector.Emulators.Tests.Dataverse.Protection;

/// <summary>Unsigned JWTs shaped like Entra access tokens (the emulator reads claims, it never checks signatures).</summary>
internal static class TestTokens
{
    public static string Jwt(string payloadJson) =>
        $"{Encode("""{"alg":"RS256","typ":"JWT"}""")}.{Encode(payloadJson)}.c2lnbmF0dXJl";

    public static string ForObjectId(string oid) => Jwt($$"""{"aud":"https://org.crm.dynamics.com","oid":"{{oid}}","appid":"client"}""");

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
