using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Batch;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Tests.Dataverse.Batch;

public sealed class BatchEndpointTests
{
    /// <summary>execute-batch-operations-using-web-api.md as excerpted in batch.docs.http (MicrosoftDocs, CC-BY-4.0).</summary>
    private static readonly string Printed = DataverseFixtures.Read("batch.docs.http");

    [Fact]
    public async Task Batch_ChangeSetWithContentIdReferences_AppliesAllAndEchoesContentIds()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var body = new BatchText("batch_1")
            .ChangeSet("changeset_1",
                ("1", "POST /api/data/v9.2/accounts HTTP/1.1", """{"name":"Fabrikam","accountnumber":"ERP-1"}"""),
                ("2", "POST arc_openitems HTTP/1.1", """{"arc_documentnumber":"INV-1","arc_AccountId@odata.bind":"$1"}"""),
                ("3", "PATCH $1 HTTP/1.1", """{"telephone1":"555"}"""))
            .ToString();

        var (result, parts) = await PostBatchAsync(dv, body, "batch_1");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.StartsWith("multipart/mixed; boundary=batchresponse_", result.ContentType, StringComparison.Ordinal);
        var changeSet = Assert.Single(parts);
        Assert.StartsWith("multipart/mixed; boundary=changesetresponse_", changeSet.Header("Content-Type"), StringComparison.Ordinal);
        var members = MultipartReader.Read(changeSet.Content, MultipartReader.BoundaryOf(changeSet.Header("Content-Type"))!);
        Assert.Equal(new[] { "1", "2", "3" }, members.Select(m => m.Header("Content-ID") ?? "").ToArray());
        Assert.All(members, m => Assert.Equal(204, HttpMessageText.Parse(m.Content).StatusCode));
        var account = Assert.Single(dv.Environment.Records("account"));
        Assert.Equal("555", account["telephone1"]);
        var accountUrl = HttpMessageText.Parse(members[0].Content).Header("OData-EntityId");
        Assert.Equal($"{dv.Emulator.ApiUrl}accounts({account["accountid"]:D})", accountUrl);
        var item = Assert.Single(dv.Environment.Records("arc_openitem"));
        Assert.Equal(new RecordReference("account", (Guid)account["accountid"]!), item["arc_accountid"]);
    }

    [Fact]
    public async Task Batch_ChangeSetMemberFails_NothingOfTheChangeSetIsApplied()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var body = new BatchText("b")
            .ChangeSet("c",
                ("1", "POST accounts HTTP/1.1", """{"name":"Kept?","accountnumber":"ERP-1"}"""),
                ("2", "POST accounts HTTP/1.1", """{"name":"Bad","arc_riskclass":99}"""))
            .ToString();

        var (result, parts) = await PostBatchAsync(dv, body, "b");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        var changeSet = Assert.Single(parts);
        var member = Assert.Single(MultipartReader.Read(changeSet.Content, MultipartReader.BoundaryOf(changeSet.Header("Content-Type"))!));
        Assert.Equal("2", member.Header("Content-ID"));
        var failure = HttpMessageText.Parse(member.Content);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("0x8004431A", JsonNode.Parse(failure.Body)!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(0, dv.Environment.Count("account"));
    }

    [Fact]
    public async Task Batch_Default_StopsAtFirstErrorAnsweringOnlyThatFailureAsPrinted()
    {
        // batch.docs.http section 2 (execute-batch-operations-using-web-api.md; fidelity facts item 8): outer 400, one part.
        var printed = Section("######## 2. Error WITHOUT Prefer: odata.continue-on-error");
        Assert.StartsWith("HTTP/1.1 400 BadRequest", printed[printed.IndexOf("HTTP/1.1", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Single(PrintedParts(printed));
        await using var dv = await RunningEmulator.StartAsync();
        var body = new BatchText("b")
            .Single("PATCH accounts(accountnumber='ERP-1') HTTP/1.1", """{"name":"First"}""")
            .Single("PATCH accounts(accountnumber='ERP-2') HTTP/1.1", $$"""{"name":"{{new string('x', 200)}}"}""")
            .Single("PATCH accounts(accountnumber='ERP-3') HTTP/1.1", """{"name":"Third"}""")
            .ToString();

        var (result, parts) = await PostBatchAsync(dv, body, "b");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        var failure = HttpMessageText.Parse(Assert.Single(parts).Content);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("0x80044331", JsonNode.Parse(failure.Body)!["error"]!["code"]!.GetValue<string>());
        Assert.True(Guid.TryParse(failure.Header("REQ_ID"), out _), "a failed part carries REQ_ID as printed");
        // The part before the failure was applied (it is outside any change set), the one after never ran.
        Assert.Equal(["ERP-1"], dv.Environment.Records("account").Select(r => (string)r["accountnumber"]!).ToArray());
    }

    [Fact]
    public async Task Batch_Default_ChangeSetFailsAfterASuccessfulPart_AnswersOnlyTheFailingMemberInItsChangeSet()
    {
        // Fidelity facts item 9: a changesetresponse holding only the failing operation, its Content-ID and REQ_ID.
        await using var dv = await RunningEmulator.StartAsync();
        var body = new BatchText("b")
            .Single("PATCH accounts(accountnumber='ERP-0') HTTP/1.1", """{"name":"Before"}""")
            .ChangeSet("c",
                ("1", "POST accounts HTTP/1.1", """{"name":"Rolled back","accountnumber":"ERP-1"}"""),
                ("2", "POST accounts HTTP/1.1", """{"name":"Bad","arc_riskclass":99}"""),
                ("3", "POST accounts HTTP/1.1", """{"name":"Never run","accountnumber":"ERP-3"}"""))
            .ToString();

        var (result, parts) = await PostBatchAsync(dv, body, "b");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        var changeSet = Assert.Single(parts);
        Assert.StartsWith("multipart/mixed; boundary=changesetresponse_", changeSet.Header("Content-Type"), StringComparison.Ordinal);
        var member = Assert.Single(MultipartReader.Read(changeSet.Content, MultipartReader.BoundaryOf(changeSet.Header("Content-Type"))!));
        Assert.Equal("2", member.Header("Content-ID"));
        var failure = HttpMessageText.Parse(member.Content);
        Assert.Equal(400, failure.StatusCode);
        Assert.True(Guid.TryParse(failure.Header("REQ_ID"), out _));
        Assert.Equal(["ERP-0"], dv.Environment.Records("account").Select(r => (string)r["accountnumber"]!).ToArray());
    }

    [Fact]
    public async Task Batch_ContinueOnErrorIgnoredByTheEnvironment_AnswersLikeTheDefault()
    {
        await using var dv = await RunningEmulator.StartAsync(o => o.BatchHonoursContinueOnError = false);
        var body = new BatchText("b")
            .Single("PATCH accounts(accountnumber='ERP-1') HTTP/1.1", """{"nosuch":1}""")
            .Single("PATCH accounts(accountnumber='ERP-2') HTTP/1.1", """{"name":"Second"}""")
            .ToString();

        var (result, parts) = await PostBatchAsync(dv, body, "b", ("Prefer", "odata.continue-on-error"));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(400, HttpMessageText.Parse(Assert.Single(parts).Content).StatusCode);
        Assert.Equal(0, dv.Environment.Count("account"));
    }

    private static string Section(string title)
    {
        var start = Printed.IndexOf(title, StringComparison.Ordinal);
        Assert.True(start >= 0, $"batch.docs.http has no section '{title}'");
        var end = Printed.IndexOf("\n######## ", start + title.Length, StringComparison.Ordinal);
        return Printed[start..(end < 0 ? Printed.Length : end)];
    }

    private static IReadOnlyList<MultipartPart> PrintedParts(string section)
    {
        var boundary = System.Text.RegularExpressions.Regex.Match(section, "^--(batchresponse_[0-9a-f-]+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        return MultipartReader.Read(section[section.IndexOf("--" + boundary, StringComparison.Ordinal)..], boundary);
    }

    [Fact]
    public async Task Batch_ContinueOnError_AnswersEveryPartWith200Outer()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var body = new BatchText("b")
            .Single("PATCH accounts(accountnumber='ERP-1') HTTP/1.1", """{"name":"First"}""")
            .Single("PATCH accounts(accountnumber='ERP-2') HTTP/1.1", """{"nosuch":1}""")
            .ChangeSet("c", ("1", "PATCH accounts(accountnumber='ERP-3') HTTP/1.1", """{"name":"Third"}"""))
            .Single("GET accounts(accountnumber='ERP-1')?$select=name HTTP/1.1", null)
            .ToString();

        var (result, parts) = await PostBatchAsync(dv, body, "b", ("Prefer", "odata.continue-on-error"));

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(4, parts.Count);
        Assert.Equal(400, HttpMessageText.Parse(parts[1].Content).StatusCode);
        var read = HttpMessageText.Parse(parts[3].Content);
        Assert.Equal(200, read.StatusCode);
        Assert.Equal("First", JsonNode.Parse(read.Body)!["name"]!.GetValue<string>());
        Assert.Equal(2, dv.Environment.Count("account"));
    }

    [Theory]
    [InlineData("POST arc_openitems HTTP/1.1", """{"arc_documentnumber":"INV-1","arc_AccountId@odata.bind":"$1"}""")]
    [InlineData("PATCH $1 HTTP/1.1", """{"name":"x"}""")]
    public async Task Batch_UndeclaredContentIdReference_Returns400AndRunsNothing(string requestLine, string json)
    {
        await using var dv = await RunningEmulator.StartAsync();
        var body = new BatchText("b")
            .Single("POST accounts HTTP/1.1", """{"name":"Not run"}""")
            .ChangeSet("c", ("2", requestLine, json))
            .ToString();

        var (result, _) = await PostBatchAsync(dv, body, "b");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("Content-ID Reference: '$1' does not exist in the batch context.", result.ErrorMessage);
        Assert.Equal(0, dv.Environment.Count("account"));
    }

    [Fact]
    public async Task Batch_GetInsideChangeSet_Returns400()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var body = new BatchText("b").ChangeSet("c", ("1", "GET accounts HTTP/1.1", null)).ToString();

        var (result, _) = await PostBatchAsync(dv, body, "b");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Contains("invalid HTTP method 'GET'", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_MoreThan1000Operations_Returns400AndRunsNothing()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var batch = new BatchText("b");
        for (var i = 0; i < 1001; i++)
        {
            batch.Single($"PATCH accounts(accountnumber='A-{i}') HTTP/1.1", """{"name":"x"}""");
        }

        var (result, _) = await PostBatchAsync(dv, batch.ToString(), "b");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Contains("maximum '1000'", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, dv.Environment.Count("account"));
    }

    [Fact]
    public async Task Batch_ExactlyOneThousandOperations_AreAllApplied()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var batch = new BatchText("b");
        for (var i = 0; i < 1000; i++)
        {
            batch.Single($"PATCH accounts(accountnumber='A-{i}') HTTP/1.1", """{"name":"x"}""");
        }

        var (result, parts) = await PostBatchAsync(dv, batch.ToString(), "b");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal(1000, parts.Count);
        Assert.Equal(1000, dv.Environment.Count("account"));
        Assert.Equal(1, dv.Environment.Requests.Of(RequestKinds.Batch));
    }

    [Fact]
    public async Task Batch_PSDataverseFixture_LfAndUnquotedBoundaryParsedAndChangeSetRolledBack()
    {
        // The fixture's change set creates an account and deletes a contact that does not exist: the delete's 404 must
        // undo the create. It uses LF line endings, set-relative URLs and an unquoted boundary parameter.
        await using var dv = await RunningEmulator.StartAsync();
        var body = DataverseFixtures.Read("dataverse-batch-request.psdataverse.http");

        var (result, parts) = await PostBatchAsync(dv, body, "batch_batch-id");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        var member = Assert.Single(MultipartReader.Read(parts[0].Content, MultipartReader.BoundaryOf(parts[0].Header("Content-Type"))!));
        Assert.Equal("11", member.Header("Content-ID"));
        Assert.Equal(404, HttpMessageText.Parse(member.Content).StatusCode);
        Assert.Equal(0, dv.Environment.Count("account"));
    }

    private static async Task<(ApiResult Result, IReadOnlyList<MultipartPart> Parts)> PostBatchAsync(RunningEmulator dv, string body, string boundary, params (string, string)[] headers)
    {
        var all = headers.Append(("Content-Type", $"multipart/mixed; boundary=\"{boundary}\"")).ToArray();
        var result = await dv.SendAsync(HttpMethod.Post, "$batch", body, all);
        var responseBoundary = MultipartReader.BoundaryOf(result.ContentType);
        return (result, responseBoundary is null ? [] : MultipartReader.Read(result.Text, responseBoundary));
    }

    /// <summary>A $batch body written the way the documentation shows it, with CRLF line endings.</summary>
    private sealed class BatchText(string boundary)
    {
        private readonly StringBuilder text = new();

        public BatchText Single(string requestLine, string? json)
        {
            text.Append("--").Append(boundary).Append("\r\n");
            Part(text, null, requestLine, json);
            return this;
        }

        public BatchText ChangeSet(string changeSet, params (string ContentId, string RequestLine, string? Json)[] members)
        {
            text.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Type: multipart/mixed; boundary=\"").Append(changeSet).Append("\"\r\n\r\n");
            foreach (var (contentId, requestLine, json) in members)
            {
                text.Append("--").Append(changeSet).Append("\r\n");
                Part(text, contentId, requestLine, json);
            }

            text.Append("--").Append(changeSet).Append("--\r\n");
            return this;
        }

        public override string ToString() => text.ToString() + "--" + boundary + "--\r\n";

        private static void Part(StringBuilder text, string? contentId, string requestLine, string? json)
        {
            text.Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
            if (contentId is not null)
            {
                text.Append("Content-ID: ").Append(contentId).Append("\r\n");
            }

            text.Append("\r\n").Append(requestLine).Append("\r\n");
            if (json is not null)
            {
                text.Append("Content-Type: application/json; type=entry\r\n\r\n").Append(json).Append("\r\n");
            }
            else
            {
                text.Append("\r\n");
            }
        }
    }
}
