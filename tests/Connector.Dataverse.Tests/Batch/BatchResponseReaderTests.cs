using Connector.Dataverse.Batch;
using Connector.Dataverse.Tests.Support;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Tests.Batch;

public sealed class BatchResponseReaderTests
{
    [Fact]
    public void Read_SuccessFixture_AnswersBothChangeSetMembersWithDuplicatedHeadersJoined()
    {
        var body = DataverseFixtures.Read("dataverse-batch-response-success.psdataverse.http");

        var responses = BatchResponseReader.Read("multipart/mixed; boundary=batchresponse_batch-1", body);

        Assert.Equal(2, responses.Count);
        Assert.All(responses, r => Assert.Equal(0, r.PartIndex));
        Assert.Equal(("1", 204), (responses[0].ContentId, responses[0].StatusCode));
        Assert.Equal("4.0, 4.01", responses[0].Headers["OData-Version"]);
        Assert.Equal("https://example.crm.dynamics.com/api/data/v9.2/accounts(1)", responses[0].Headers["OData-EntityId"]);
        Assert.Equal(("2", 201, "Created"), (responses[1].ContentId, responses[1].StatusCode, responses[1].ReasonPhrase));
        Assert.Equal("""{"accountid":"2","name":"Contoso"}""", responses[1].Body);
    }

    [Fact]
    public void Read_ErrorFixture_GivesTheFailedMembersStatusAndError()
    {
        var body = DataverseFixtures.Read("dataverse-batch-response-error.psdataverse.http");

        var response = Assert.Single(BatchResponseReader.Read("multipart/mixed; boundary=\"batchresponse_batch-error\"", body));

        Assert.Equal((0, "9", 400, false), (response.PartIndex, response.ContentId, response.StatusCode, response.IsSuccess));
        var error = DataverseError.Parse(response.Body);
        Assert.Equal(("0x80040216", "A record with this name already exists."), (error.Code, error.Message));
    }

    [Fact]
    public void Read_FixturesWithCrLf_ReadTheSameAsWithLf()
    {
        var lf = DataverseFixtures.Read("dataverse-batch-response-success.psdataverse.http");
        var crlf = lf.ReplaceLineEndings("\r\n");

        var fromLf = BatchResponseReader.Read(null, lf);
        var fromCrLf = BatchResponseReader.Read(null, crlf);

        Assert.Equal(fromLf.Select(r => (r.StatusCode, r.ContentId, r.Body)), fromCrLf.Select(r => (r.StatusCode, r.ContentId, r.Body)));
    }

    [Fact]
    public void Read_FailedChangeSetAnsweredAsOneApplicationHttpPart_MapsToThatChangeSet()
    {
        const string body =
            "--batchresponse_x\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            "HTTP/1.1 204 No Content\r\n" +
            "\r\n" +
            "\r\n" +
            "--batchresponse_x\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            "HTTP/1.1 400 Bad Request\r\n" +
            "Content-Type: application/json; odata.metadata=minimal\r\n" +
            "\r\n" +
            "{\"error\":{\"code\":\"0x80044331\",\"message\":\"A validation error occurred.\"}}\r\n" +
            "--batchresponse_x--\r\n";

        var responses = BatchResponseReader.Read("multipart/mixed; boundary=batchresponse_x", body);

        Assert.Equal([(0, 204), (1, 400)], responses.Select(r => (r.PartIndex, r.StatusCode)));
        Assert.Equal("0x80044331", DataverseError.Parse(responses[1].Body).Code);
    }

    [Fact]
    public void Read_PreambleAndNoCloseDelimiter_KeepsWhatArrived()
    {
        const string body = "preamble to ignore\n--b\nContent-Type: application/http\n\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"a\":1}\n";

        var response = Assert.Single(BatchResponseReader.Read("multipart/mixed; boundary=b", body));

        Assert.Equal((200, "{\"a\":1}"), (response.StatusCode, response.Body));
    }

    [Fact]
    public void Read_PartWithoutStatusLine_SaysWhichPart()
    {
        const string body = "--b\r\nContent-Type: application/http\r\n\r\ngarbage\r\n--b--\r\n";

        var error = Assert.Throws<FormatException>(() => BatchResponseReader.Read("multipart/mixed; boundary=b", body));

        Assert.Equal("Batch response part 1 has no HTTP status line (found 'garbage')", error.Message);
    }
}
