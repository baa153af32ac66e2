using Connector.Emulators.Dataverse;
using Connector.Emulators.Graph;
using Connector.Graph.Tests.Support;
using Connector.Sync.Ports;

namespace Connector.Graph.Tests.Mail;

public sealed class GraphMailSenderTests
{
    private static readonly OutgoingMail Reminder = new()
    {
        FromMailbox = "ar@contoso.example",
        To = ["ap@fabrikam.example"],
        Cc = ["jane@contoso.example"],
        Subject = "Reminder: invoice INV-77 is 12 days overdue",
        HtmlBody = "<p>Please pay 1,200.50 EUR.</p>",
    };

    [Fact]
    public async Task Send_Mail_IsAcceptedAsHtmlAndKeptInSentItems()
    {
        await using var host = await GraphTestHost.StartAsync();

        await host.Mail.SendAsync(Reminder, CancellationToken.None);

        var sent = Assert.Single(host.State.SentMail);
        Assert.Equal(("ar@contoso.example", "Reminder: invoice INV-77 is 12 days overdue"), (sent.From, sent.Subject));
        Assert.Equal(("html", "<p>Please pay 1,200.50 EUR.</p>"), (sent.BodyContentType?.ToLowerInvariant(), sent.BodyContent));
        Assert.Equal(["ap@fabrikam.example"], sent.To);
        Assert.Equal(["jane@contoso.example"], sent.Cc);
        Assert.True(sent.SaveToSentItems);
    }

    [Fact]
    public async Task Send_WithMicrosoftGraph6_SendsSaveToSentItemsTrueExplicitly()
    {
        // Fidelity fact 25: from Microsoft.Graph 6.2.0 SendMailPostRequestBody serialises SaveToSentItems = false unless
        // set, so mail would silently stop reaching Sent Items, where collectors and auditors look for it.
        await using var host = await GraphTestHost.StartAsync();

        await host.Mail.SendAsync(Reminder, CancellationToken.None);

        var sent = Assert.Single(host.State.SentMail);
        var asSent = sent.Parameter("saveToSentItems");
        Assert.NotNull(asSent);
        Assert.Equal(System.Text.Json.JsonValueKind.True, asSent.GetValueKind());
    }

    [Fact]
    public async Task Send_UnknownMailbox_IsNotFoundNamingTheMailbox()
    {
        await using var host = await GraphTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<TaskBoardException>(() => host.Mail.SendAsync(Reminder with { FromMailbox = "nobody@contoso.example" }, CancellationToken.None));

        Assert.True(error.NotFound);
        Assert.StartsWith("Graph refused to send the mail 'Reminder: invoice INV-77 is 12 days overdue' from mailbox nobody@contoso.example to ap@fabrikam.example: 404 ResourceNotFound", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.State.SentMail);
    }

    [Fact]
    public async Task Send_TimedOutWithoutAnswer_IsSentAtMostOnce()
    {
        using var release = new ManualResetEventSlim();
        var received = 0;
        await using var host = await GraphTestHost.StartAsync(
            o => o.Observer = r =>
            {
                if (r is { Operation: GraphOperations.SendMail, Phase: RequestPhase.Received })
                {
                    Interlocked.Increment(ref received);
                }

                if (r is { Operation: GraphOperations.SendMail, Phase: RequestPhase.Executed, Ordinal: 1 })
                {
                    release.Wait(TimeSpan.FromSeconds(5));
                }
            },
            new Dictionary<string, string?> { ["TimeoutSeconds"] = "1" });

        var error = await Assert.ThrowsAsync<TaskBoardException>(() => host.Mail.SendAsync(Reminder, CancellationToken.None));
        release.Set();

        Assert.Null(error.Status);
        Assert.Equal(1, Volatile.Read(ref received));
        Assert.Single(host.State.SentMail);
    }

    [Fact]
    public async Task Send_WithPdfAttachment_ArrivesAsFileAttachmentWithTheSameBytes()
    {
        // Not a valid PDF, but every byte value, so any re-encoding on the way would show.
        var pdf = Enumerable.Range(0, 70_000).Select(static i => (byte)(i * 31 % 256)).ToArray();
        await using var host = await GraphTestHost.StartAsync();

        await host.Mail.SendAsync(Reminder with { Attachments = [new MailAttachment("statement-C-1-2026-10.pdf", "application/pdf", pdf)] }, CancellationToken.None);

        var sent = Assert.Single(host.State.SentMail);
        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal(("statement-C-1-2026-10.pdf", "application/pdf"), (attachment.Name, attachment.ContentType));
        Assert.Equal(pdf, attachment.Content);
        // The wire form of user-sendmail.md: an OData-typed fileAttachment with base64 contentBytes.
        var wire = Assert.IsType<System.Text.Json.Nodes.JsonObject>(Assert.Single(sent.Message["attachments"]!.AsArray()));
        Assert.Equal("#microsoft.graph.fileAttachment", wire["@odata.type"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(pdf), wire["contentBytes"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_AttachmentOverThreeMegabytes_RefusedBeforeAnythingIsSent()
    {
        var received = 0;
        await using var host = await GraphTestHost.StartAsync(o => o.Observer = r =>
        {
            if (r is { Operation: GraphOperations.SendMail, Phase: RequestPhase.Received })
            {
                Interlocked.Increment(ref received);
            }
        });
        var big = new MailAttachment("statement.pdf", "application/pdf", new byte[MailAttachment.MaxInlineBytes + 1]);

        var error = await Assert.ThrowsAsync<TaskBoardException>(() => host.Mail.SendAsync(Reminder with { Attachments = [big] }, CancellationToken.None));

        Assert.True(error.Refused);
        Assert.Equal("the attachment statement.pdf is 3072 KB; Graph's sendMail takes files up to 3072 KB inline", error.Message);
        Assert.Equal(0, Volatile.Read(ref received));
        Assert.Empty(host.State.SentMail);
    }
}
