using Connector.Dataverse.Batch;
using Connector.Dataverse.Tests.Support;

namespace Connector.Dataverse.Tests.Batch;

public sealed class MultipartReaderTests
{
    [Theory]
    [InlineData("multipart/mixed; boundary=batch_1", "batch_1")]
    [InlineData("multipart/mixed; boundary=\"batch_1\"", "batch_1")]
    [InlineData("multipart/mixed;boundary=changeset_changeset-id", "changeset_changeset-id")]
    [InlineData("multipart/mixed; charset=utf-8; BOUNDARY=x", "x")]
    [InlineData("application/json", null)]
    [InlineData(null, null)]
    public void Boundary_QuotedOrNot_ReturnsTheBareBoundary(string? contentType, string? expected) =>
        Assert.Equal(expected, MultipartReader.Boundary(contentType));

    [Fact]
    public void Read_RequestFixtureWithUnquotedBoundary_FindsTheChangeSetAndItsRequests()
    {
        var body = DataverseFixtures.Read("dataverse-batch-request.psdataverse.http");

        var changeSet = Assert.Single(MultipartReader.Read(body, boundary: null));
        var members = MultipartReader.Read(changeSet.Body, MultipartReader.Boundary(changeSet.ContentType));

        Assert.Equal(["10", "11"], members.Select(m => m.Headers["Content-ID"]));
        var create = HttpMessageText.Parse(members[0].Body);
        Assert.Equal("POST accounts HTTP/1.1", create.StartLine);
        Assert.Null(create.StatusCode);
        Assert.Equal("*", create.Headers["If-Match"]);
        Assert.Equal("{\"name\":\"Contoso\"}", create.Body);
        var delete = HttpMessageText.Parse(members[1].Body);
        Assert.Equal(("DELETE contacts(00000000-0000-0000-0000-000000000011) HTTP/1.1", ""), (delete.StartLine, delete.Body));
    }

    [Fact]
    public void Read_NoBoundaryLine_SaysSo()
    {
        var error = Assert.Throws<FormatException>(() => MultipartReader.Read("{\"not\":\"multipart\"}", boundary: null));
        Assert.Equal("No multipart boundary: the body has no line starting with '--'", error.Message);
    }

    [Fact]
    public void Read_TransportPaddingAfterDelimiter_StillSplits()
    {
        var parts = MultipartReader.Read("--b  \r\nX-A: 1\r\n\r\none\r\n--b\t\r\nX-A: 2\r\n\r\ntwo\r\n--b--  \r\n", "b");

        Assert.Equal([("1", "one"), ("2", "two")], parts.Select(p => (p.Headers["X-A"], p.Body)));
    }
}
