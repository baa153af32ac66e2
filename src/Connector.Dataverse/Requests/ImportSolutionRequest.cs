using System.Text.Json;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>
/// POST <c>ImportSolution</c> with the zip as base64 <c>CustomizationFile</c> (how <c>connector demo</c> puts our
/// solution into the emulator, and how an admin script can deploy it). Returns the import job id sent.
/// </summary>
public sealed class ImportSolutionRequest(ReadOnlyMemory<byte> solutionZip, bool overwriteUnmanagedCustomizations = true, bool publishWorkflows = true, Guid? importJobId = null)
    : IDataverseRequest<Guid>
{
    private readonly Guid importJobId = importJobId ?? Guid.NewGuid();

    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["CustomizationFile"] = Convert.ToBase64String(solutionZip.Span),
            ["OverwriteUnmanagedCustomizations"] = overwriteUnmanagedCustomizations,
            ["PublishWorkflows"] = publishWorkflows,
            ["ImportJobId"] = importJobId,
        });
        return new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, "ImportSolution")) { Content = ODataHeaders.Json(body) };
    }

    public Task<Guid> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken) => Task.FromResult(importJobId);
}
