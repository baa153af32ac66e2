using System.Text.RegularExpressions;
using Connector.Dataverse.Batch;

namespace Connector.Dataverse.Tests.Batch;

public sealed partial class BatchRequestWriterTests
{
    private static readonly Uri ApiBase = new("https://contoso.crm4.dynamics.com/api/data/v9.2/");

    [Fact]
    public void Write_AnyBatch_UsesCrLfOnly()
    {
        var written = BatchRequestWriter.Write([Patch("accounts(accountnumber='C-1')"), new BatchChangeSet([Post("accounts"), Post("contacts")])], ApiBase);

        Assert.DoesNotMatch(BareLineFeed(), written.Body);
        Assert.DoesNotMatch(BareCarriageReturn(), written.Body);
        Assert.EndsWith("--" + written.Boundary + "--\r\n", written.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TwoBatches_UseDifferentBoundariesAndTheContentTypeNamesIt()
    {
        var first = BatchRequestWriter.Write([Patch("a")], ApiBase);
        var second = BatchRequestWriter.Write([Patch("a")], ApiBase);

        Assert.NotEqual(first.Boundary, second.Boundary);
        Assert.StartsWith("batch_", first.Boundary, StringComparison.Ordinal);
        Assert.Equal($"multipart/mixed; boundary=\"{first.Boundary}\"", first.ContentType);
    }

    [Fact]
    public void Write_Operation_IsAnApplicationHttpPartWithAbsoluteUrlAndJsonEntryBody()
    {
        var written = BatchRequestWriter.Write([Patch("accounts(accountnumber='C-1')", """{"name":"Fabrikam"}""")], ApiBase);

        var part = Assert.Single(MultipartReader.Read(written.Body, written.Boundary));
        Assert.Equal(("application/http", "binary"), (part.ContentType, part.Headers["Content-Transfer-Encoding"]));
        var request = HttpMessageText.Parse(part.Body);
        Assert.Equal("PATCH https://contoso.crm4.dynamics.com/api/data/v9.2/accounts(accountnumber='C-1') HTTP/1.1", request.StartLine);
        Assert.Equal("application/json; type=entry", request.Headers["Content-Type"]);
        Assert.Equal("""{"name":"Fabrikam"}""", request.Body);
    }

    [Fact]
    public void Write_ChangeSet_NumbersMembersByContentIdInItsOwnBoundary()
    {
        var written = BatchRequestWriter.Write(
            [new BatchChangeSet([Post("accounts"), new BatchOperation(HttpMethod.Post, "contacts", """{"parentcustomerid_account@odata.bind":"$1"}""")])],
            ApiBase);

        var changeSet = Assert.Single(MultipartReader.Read(written.Body, written.Boundary));
        var boundary = MultipartReader.Boundary(changeSet.ContentType);
        Assert.StartsWith("changeset_", boundary, StringComparison.Ordinal);
        var members = MultipartReader.Read(changeSet.Body, boundary);
        Assert.Equal(["1", "2"], members.Select(m => m.Headers["Content-ID"]));
        Assert.Contains("\"$1\"", HttpMessageText.Parse(members[1].Body).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ExtraHeaders_GoOnTheInnerRequest()
    {
        var operation = new BatchOperation(HttpMethod.Patch, "accounts(accountnumber='C-1')", "{}", new Dictionary<string, string> { ["If-Match"] = "*" });

        var written = BatchRequestWriter.Write([operation], ApiBase);

        Assert.Equal("*", HttpMessageText.Parse(Assert.Single(MultipartReader.Read(written.Body, written.Boundary)).Body).Headers["If-Match"]);
    }

    [Fact]
    public void Write_MoreThanAThousandOperations_Refuses()
    {
        var parts = Enumerable.Range(0, 1001).Select(i => (BatchPart)Patch($"accounts(accountnumber='C-{i}')")).ToList();

        var error = Assert.Throws<ArgumentException>(() => BatchRequestWriter.Write(parts, ApiBase));

        Assert.StartsWith("A $batch holds at most 1000 operations; got 1001 (split it)", error.Message, StringComparison.Ordinal);
    }

    private static BatchOperation Patch(string url, string body = "{}") => new(HttpMethod.Patch, url, body);

    private static BatchOperation Post(string url) => new(HttpMethod.Post, url, """{"name":"x"}""");

    [GeneratedRegex("(?<!\r)\n")]
    private static partial Regex BareLineFeed();

    [GeneratedRegex("\r(?!\n)")]
    private static partial Regex BareCarriageReturn();
}
