using Connector.Emulators.Dataverse.Protection;

namespace Connector.Emulators.Tests.Dataverse.Protection;

public sealed class BearerCallerTests
{
    [Fact]
    public void Identify_JwtWithOid_IsTheOid() =>
        Assert.Equal("0b7f3c55-oid", BearerCaller.Identify("Bearer " + TestTokens.Jwt("""{"oid":"0b7f3c55-oid","appid":"client-1"}""")));

    [Fact]
    public void Identify_JwtWithAppIdOnly_IsTheAppId() =>
        Assert.Equal("client-1", BearerCaller.Identify("Bearer " + TestTokens.Jwt("""{"appid":"client-1"}""")));

    [Fact]
    public void Identify_LowercaseScheme_IsAccepted() =>
        Assert.Equal("client-1", BearerCaller.Identify("bearer " + TestTokens.Jwt("""{"appid":"client-1"}""")));

    [Fact]
    public void Identify_OpaqueToken_IsAStableDigestThatHidesTheToken()
    {
        var caller = BearerCaller.Identify("Bearer static-secret-token");

        Assert.Matches("^token-[0-9a-f]{16}$", caller);
        Assert.DoesNotContain("secret", caller, StringComparison.Ordinal);
        Assert.Equal(caller, BearerCaller.Identify("Bearer static-secret-token"));
        Assert.NotEqual(caller, BearerCaller.Identify("Bearer another-token"));
    }

    [Fact]
    public void Identify_JwtWithoutIdClaims_FallsBackToDigest() =>
        Assert.StartsWith("token-", BearerCaller.Identify("Bearer " + TestTokens.Jwt("""{"sub":"x"}""")), StringComparison.Ordinal);

    [Fact]
    public void Identify_ThreePartsNotJson_FallsBackToDigest() =>
        Assert.StartsWith("token-", BearerCaller.Identify("Bearer a.b!.c"), StringComparison.Ordinal);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public void Identify_MissingOrNotBearer_IsNull(string? authorization) =>
        Assert.Null(BearerCaller.Identify(authorization));
}
