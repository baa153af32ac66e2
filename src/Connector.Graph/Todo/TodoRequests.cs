using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Connector.Graph.Todo;

/// <summary>
/// The two To Do writes a collections run makes by the thousand — create a task, update a task — sent over the same
/// named HTTP client as the SDK (retry, per-mailbox gate and attempt timeout in its handlers), with the body written by
/// generated <c>System.Text.Json</c> code and only the new task's <c>id</c> read from the answer, instead of the SDK's
/// request builders, Kiota serialisation writer and whole-model parse (decision 141). A failure is thrown as the SDK
/// throws it (<see cref="ODataError"/> with the status, code and message), so <c>GraphCall</c> words it the same way.
/// </summary>
internal sealed class TodoRequests(HttpClient http, IAuthenticationProvider authentication, Uri baseUri)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    private readonly string root = baseUri.AbsoluteUri.TrimEnd('/');

    /// <summary>POST …/users/{user}/todo/lists/{list}/tasks; the id Graph gave the task (null when its answer has none).</summary>
    public async Task<string?> CreateAsync(string userId, string listId, TodoTaskWrite task, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, Tasks(userId, listId), task, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ReadId(body);
    }

    /// <summary>PATCH …/users/{user}/todo/lists/{list}/tasks/{task}; the answer (the whole task) is not read.</summary>
    public async Task UpdateAsync(string userId, string listId, string taskId, TodoTaskWrite task, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"{Tasks(userId, listId)}/{Uri.EscapeDataString(taskId)}", task, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tasks of a list; path segments escaped as the SDK's URI templates expand them.</summary>
    private string Tasks(string userId, string listId) =>
        $"{root}/users/{Uri.EscapeDataString(userId)}/todo/lists/{Uri.EscapeDataString(listId)}/tasks";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, TodoTaskWrite task, CancellationToken cancellationToken)
    {
        var uri = new Uri(url);
        using var request = new HttpRequestMessage(method, uri)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(task, TodoTaskJsonContext.Default.TodoTaskWrite)),
        };
        request.Content.Headers.ContentType = Json;
        request.Headers.Accept.Add(AcceptJson);
        request.Headers.TryAddWithoutValidation("Authorization", await AuthorizationAsync(uri, cancellationToken).ConfigureAwait(false));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw Error((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>The <c>Authorization</c> value the configured provider gives this URL (a static token, or Azure.Identity's cached one).</summary>
    private async Task<string?> AuthorizationAsync(Uri uri, CancellationToken cancellationToken)
    {
        var information = new RequestInformation { HttpMethod = Method.POST, URI = uri };
        await authentication.AuthenticateRequestAsync(information, cancellationToken: cancellationToken).ConfigureAwait(false);
        return information.Headers.TryGetValue("Authorization", out var values) ? values.FirstOrDefault() : null;
    }

    /// <summary>The top-level <c>id</c> of a JSON object, read without building the task.</summary>
    internal static string? ReadId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }

        return null;
    }

    /// <summary>What the SDK throws for an error answer: its status, and Graph's code and message when the body has them.</summary>
    internal static ODataError Error(int status, byte[] body)
    {
        TodoError? error = null;
        try
        {
            error = body.Length == 0 ? null : JsonSerializer.Deserialize(body, TodoTaskJsonContext.Default.TodoErrorBody)?.Error;
        }
        catch (JsonException)
        {
            // Not Graph's error shape (a proxy's page): the status alone says it.
        }

        return new ODataError
        {
            ResponseStatusCode = status,
            Error = error is null ? null : new MainError { Code = error.Code, Message = error.Message },
        };
    }
}
