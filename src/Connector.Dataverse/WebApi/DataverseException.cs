using System.Globalization;
using System.Net;

namespace Connector.Dataverse.WebApi;

/// <summary>
/// Dataverse refused a request or could not be reached. Carries what an operator needs to look the call up
/// (status, Dataverse error code, request id) and whether trying again later can help. The message never holds
/// a request body, a header value or a token.
/// </summary>
public sealed class DataverseException : Exception
{
    public DataverseException()
    {
    }

    public DataverseException(string message)
        : base(message)
    {
    }

    public DataverseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataverseException(string message, int statusCode, string errorCode, string? requestId, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RequestId = requestId;
        IsTransient = isTransient;
    }

    /// <summary>HTTP status; 0 when no answer arrived (connection failure, timeout).</summary>
    public int StatusCode { get; }

    /// <summary>Dataverse's error code, e.g. <c>0x80040217</c>; empty when the answer had none.</summary>
    public string ErrorCode { get; } = string.Empty;

    /// <summary>Dataverse's request id (<c>x-ms-service-request-id</c> or <c>REQ_ID</c>), for support cases.</summary>
    public string? RequestId { get; }

    /// <summary>Throttling, unavailability or a timeout: the same request may succeed later.</summary>
    public bool IsTransient { get; }

    /// <summary>Statuses that mean "not now" rather than "not this": 408, 429, 502, 503, 504.</summary>
    public static bool IsTransientStatus(int status) => status is 408 or 429 or 502 or 503 or 504;

    /// <summary>Real bearer tokens are hundreds of characters; shorter ones are test values not worth shredding messages for.</summary>
    private const int MinimumRedactedTokenLength = 8;

    /// <summary>Builds the exception for a non-success answer, reading the OData error body.</summary>
    public static async Task<DataverseException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Content is null ? null : await response.Content.ReadAsStringAsync(cancellationToken);
        var request = response.RequestMessage;
        var operation = request is null ? "a request" : $"{request.Method} {Describe(request.RequestUri)}";
        var error = DataverseError.Parse(body);
        if (request?.Headers.Authorization?.Parameter is { Length: >= MinimumRedactedTokenLength } token)
        {
            // A proxy or a faulty endpoint may echo request headers into its error text: never pass a token on. (A token of
            // a few characters is a test value; replacing every "t" of a message would only make the message unreadable.)
            error = new DataverseError(error.Code, error.Message.Replace(token, "[redacted]", StringComparison.Ordinal));
        }

        return FromAnswer(operation, (int)response.StatusCode, response.ReasonPhrase, error, ReadRequestId(response));
    }

    /// <summary>Builds the exception for an answer given as parts (a <c>$batch</c> part, for instance).</summary>
    /// <param name="operation">What was asked, e.g. <c>PATCH accounts(accountnumber='C-1')</c>.</param>
    public static DataverseException FromAnswer(string operation, int status, string? reason, DataverseError error, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(error);
        var what = operation;
        var reasonText = string.IsNullOrEmpty(reason) && Enum.IsDefined((HttpStatusCode)status) ? ((HttpStatusCode)status).ToString() : reason;
        var detail = error.Code.Length == 0 && error.Message.Length == 0
            ? "no Dataverse error in the answer"
            : string.Join(' ', new[] { error.Code, error.Message }.Where(s => s.Length > 0));
        var id = requestId is null ? string.Empty : $" (request id {requestId})";
        var message = string.Create(CultureInfo.InvariantCulture, $"Dataverse answered {status} {reasonText} to {what}: {detail}{id}");
        return new DataverseException(message, status, error.Code, requestId, IsTransientStatus(status));
    }

    /// <summary>No answer at all: the connection failed or the attempt timed out after every retry.</summary>
    public static DataverseException Unreachable(HttpRequestMessage request, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cause);
        var message = $"Dataverse did not answer {request.Method} {Describe(request.RequestUri)}: {cause.Message}";
        return new DataverseException(message, 0, string.Empty, null, isTransient: true, cause);
    }

    /// <summary>
    /// The request id Dataverse stamps on its answers: <c>REQ_ID</c>, else the LAST <c>x-ms-service-request-id</c>. Real
    /// answers repeat that header, the first being the front end's and the last the one <c>REQ_ID</c> repeats (a
    /// captured WhoAmI, fidelity facts item 12); a comma-joined value is split.
    /// </summary>
    public static string? ReadRequestId(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var name in new[] { "REQ_ID", "x-ms-service-request-id" })
        {
            if (response.Headers.NonValidated.TryGetValues(name, out var values)
                && values.SelectMany(static v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).LastOrDefault() is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Path only: query strings may be long ($batch, filters) and are not needed to find the call.</summary>
    private static string Describe(Uri? uri) => uri is null ? "(no URL)" : uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
}
