using System.Net;
using System.Text.RegularExpressions;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

/// <summary>
/// An upsert by alternate key as upsert-alternate-key.docs.http prints it (use-upsert-insert-update-record.md,
/// MicrosoftDocs CC-BY-4.0; fidelity facts items 3 and 4): 204 for create and update alike, <c>OData-EntityId</c>
/// being the key URL as requested (not the id), a key value in the body winning on create and dropped on update.
/// </summary>
public sealed partial class UpsertByKeyFidelityTests
{
    private static readonly string Fixture = DataverseFixtures.Read("upsert-alternate-key.docs.http");

    [Theory]
    [InlineData("## Create with upsert", false)]
    [InlineData("## Update with upsert (identical response)", true)]
    public async Task Upsert_ByCompositeKey_Answers204WithTheKeyUrlAsODataEntityIdAsPrinted(string section, bool exists)
    {
        var printed = Printed(section);
        Assert.Equal(204, printed.Status);
        Assert.Equal(printed.RequestUrl, printed.EntityId); // what the docs show: the key URL comes back as it was sent
        await using var dv = await RunningEmulator.StartAsync();
        const string KeyPath = "contacts(firstname='Joe',emailaddress1='joe@example.com')";
        if (exists)
        {
            await dv.PatchAsync(KeyPath, """{"lastname":"Ng"}""");
        }

        var result = await dv.PatchAsync(KeyPath, """{"lastname":"Ngo"}""");

        Assert.Equal((HttpStatusCode)printed.Status, result.Status);
        Assert.Equal($"{dv.Emulator.ApiUrl}{KeyPath}", result.Header("OData-EntityId"));
        Assert.Single(dv.Environment.Records("contact"));
    }

    [Fact]
    public async Task Upsert_ByKeyReturnRepresentation_201WithPreferenceAppliedThen200WithoutAsPrinted()
    {
        var create = Printed("## Create with upsert + return=representation -> 201");
        var update = Printed("## Update with upsert + return=representation -> 200");
        await using var dv = await RunningEmulator.StartAsync();
        (string, string) prefer = ("Prefer", "return=representation");

        var created = await dv.PatchAsync("accounts(accountnumber='ERP-3')?$select=accountid", """{"name":"3:3"}""", prefer);
        var updated = await dv.PatchAsync("accounts(accountnumber='ERP-3')?$select=accountid", """{"name":"3:3 Updated"}""", prefer);

        Assert.Equal(((HttpStatusCode)create.Status, (HttpStatusCode)update.Status), (created.Status, updated.Status));
        Assert.Equal(create.PreferenceApplied, created.Header("Preference-Applied"));
        Assert.Equal(update.PreferenceApplied, updated.Header("Preference-Applied"));
        Assert.Null(update.PreferenceApplied);
        Assert.Equal(created.Json["@odata.etag"]!.GetValue<string>(), created.Header("ETag"));
        Assert.Equal(updated.Json["@odata.etag"]!.GetValue<string>(), updated.Header("ETag"));
    }

    [Fact]
    public async Task Upsert_KeyValueInBody_WinsOnCreateAndIsDroppedOnUpdate()
    {
        Assert.Contains("The server uses any alternate key values set in the body of the request to", Fixture, StringComparison.Ordinal);
        Assert.Contains("The server removes the data set in the body of the request for those alternate key", Fixture, StringComparison.Ordinal);
        await using var dv = await RunningEmulator.StartAsync();

        var created = await dv.PatchAsync("accounts(accountnumber='URL-1')", """{"accountnumber":"BODY-1","name":"Created"}""");
        var updated = await dv.PatchAsync("accounts(accountnumber='BODY-1')", """{"accountnumber":"BODY-2","name":"Updated"}""");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (created.Status, updated.Status));
        var row = Assert.Single(dv.Environment.Records("account"));
        Assert.Equal(("BODY-1", "Updated"), ((string?)row["accountnumber"], (string?)row["name"]));
        Assert.Equal($"{dv.Emulator.ApiUrl}accounts(accountnumber='URL-1')", created.Header("OData-EntityId"));
    }

    private static PrintedExchange Printed(string section)
    {
        var start = Fixture.IndexOf(section + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"upsert-alternate-key.docs.http has no section '{section}'");
        var end = Fixture.IndexOf("\n## ", start + section.Length, StringComparison.Ordinal);
        var text = Fixture[start..(end < 0 ? Fixture.Length : end)];
        var request = RequestLine().Match(text);
        var status = StatusLine().Match(text);
        Assert.True(request.Success && status.Success, $"section '{section}' has no request or status line");
        var entityId = HeaderLine("OData-EntityId", text);
        return new PrintedExchange(
            Relative(request.Groups["url"].Value),
            int.Parse(status.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture),
            entityId is null ? null : Relative(entityId),
            HeaderLine("Preference-Applied", text));
    }

    private static string Relative(string url) => url.Replace("[Organization Uri]/api/data/v9.2/", string.Empty, StringComparison.Ordinal).Split('?')[0];

    private static string? HeaderLine(string name, string text) =>
        Regex.Match(text, $"^{Regex.Escape(name)}: (?<value>.+)$", RegexOptions.Multiline) is { Success: true } match ? match.Groups["value"].Value.Trim() : null;

    private sealed record PrintedExchange(string RequestUrl, int Status, string? EntityId, string? PreferenceApplied);

    [GeneratedRegex(@"^PATCH (?<url>.+?) HTTP/1\.1", RegexOptions.Multiline)]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^HTTP/1\.1 (?<status>\d{3}) ", RegexOptions.Multiline)]
    private static partial Regex StatusLine();
}
