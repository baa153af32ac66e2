using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Batch;

namespace Connector.Emulators.Tests.Dataverse.Batch;

public sealed class MultipartReaderTests
{
    [Fact]
    public void Read_RequestFixture_ChangeSetWithTwoRequestsAndContentIds()
    {
        var parts = MultipartReader.Read(DataverseFixtures.Read("dataverse-batch-request.psdataverse.http"), "batch_batch-id");

        var changeSet = Assert.Single(parts);
        Assert.Equal("changeset_changeset-id", MultipartReader.BoundaryOf(changeSet.Header("Content-Type")));
        var members = MultipartReader.Read(changeSet.Content, "changeset_changeset-id");
        Assert.Equal(new[] { "10", "11" }, members.Select(m => m.Header("Content-ID") ?? "").ToArray());
        var post = HttpMessageText.Parse(members[0].Content);
        Assert.Equal(("POST", "accounts"), (post.Method, post.Target));
        Assert.Equal("*", post.Header("If-Match"));
        Assert.Equal("Contoso", JsonNode.Parse(post.Body)!["name"]!.GetValue<string>());
        var delete = HttpMessageText.Parse(members[1].Content);
        Assert.Equal(("DELETE", "contacts(00000000-0000-0000-0000-000000000011)"), (delete.Method, delete.Target));
        Assert.Equal(string.Empty, delete.Body);
    }

    [Fact]
    public void Read_SuccessResponseFixture_StatusesBodiesAndRepeatedHeader()
    {
        var parts = MultipartReader.Read(DataverseFixtures.Read("dataverse-batch-response-success.psdataverse.http"), "batchresponse_batch-1");

        var changeSet = Assert.Single(parts);
        var members = MultipartReader.Read(changeSet.Content, MultipartReader.BoundaryOf(changeSet.Header("Content-Type"))!);
        var created = HttpMessageText.Parse(members[0].Content);
        Assert.True(created.IsResponse);
        Assert.Equal(204, created.StatusCode);
        Assert.Equal(["4.0", "4.01"], created.Headers.Where(h => h.Key == "OData-Version").Select(h => h.Value).ToArray());
        Assert.Equal("https://example.crm.dynamics.com/api/data/v9.2/accounts(1)", created.Header("OData-EntityId"));
        var represented = HttpMessageText.Parse(members[1].Content);
        Assert.Equal(201, represented.StatusCode);
        Assert.Equal("Contoso", JsonNode.Parse(represented.Body)!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Read_ErrorResponseFixture_ErrorInsideChangeSetWithObsoleteInnerError()
    {
        var parts = MultipartReader.Read(DataverseFixtures.Read("dataverse-batch-response-error.psdataverse.http"), "batchresponse_batch-error");

        var member = Assert.Single(MultipartReader.Read(parts[0].Content, MultipartReader.BoundaryOf(parts[0].Header("Content-Type"))!));
        Assert.Equal("9", member.Header("Content-ID"));
        var failure = HttpMessageText.Parse(member.Content);
        Assert.Equal(400, failure.StatusCode);
        var error = JsonNode.Parse(failure.Body)!["error"]!;
        Assert.Equal("0x80040216", error["code"]!.GetValue<string>());
        Assert.Equal("duplicate", error["innererror"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("multipart/mixed; boundary=\"batch_1\"", "batch_1")]
    [InlineData("multipart/mixed;boundary=batch_1", "batch_1")]
    [InlineData("multipart/mixed; charset=utf-8; Boundary=batch_1", "batch_1")]
    [InlineData("application/json", null)]
    public void BoundaryOf_QuotedUnquotedOrAbsent(string contentType, string? boundary) =>
        Assert.Equal(boundary, MultipartReader.BoundaryOf(contentType));

    [Fact]
    public void Read_CrlfWithPreambleAndEpilogue_IgnoresBoth()
    {
        var text = "preamble\r\n--b\r\nContent-Type: application/http\r\n\r\nGET accounts HTTP/1.1\r\n\r\n--b--\r\nepilogue\r\n";

        var part = Assert.Single(MultipartReader.Read(text, "b"));

        Assert.Equal("GET accounts HTTP/1.1", HttpMessageText.Parse(part.Content).StartLine);
    }
}
