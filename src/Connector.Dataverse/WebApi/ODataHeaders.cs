namespace Connector.Dataverse.WebApi;

/// <summary>The headers every Web API request carries, and the <c>Prefer</c> preferences we use.</summary>
public static class ODataHeaders
{
    public const string JsonMediaType = "application/json";
    public const string ReturnRepresentation = "return=representation";
    public const string TrackChanges = "odata.track-changes";
    public const string ContinueOnError = "odata.continue-on-error";
    public const string FormattedValues = "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"";

    /// <summary>Every annotation: formatted values, and the <c>lookuplogicalname</c> a polymorphic lookup needs to say which table it points at.</summary>
    public const string AllAnnotations = "odata.include-annotations=\"*\"";

    /// <summary>The <c>odata.maxpagesize</c> preference (at most 5,000).</summary>
    public static string MaxPageSize(int size) => "odata.maxpagesize=" + size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>Accept: application/json</c>, <c>OData-MaxVersion</c>/<c>OData-Version: 4.0</c>, and on GETs
    /// <c>If-None-Match: null</c> so no cache between us and Dataverse answers with stale data.
    /// </summary>
    public static void ApplyCommon(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Accept.ParseAdd(JsonMediaType);
        request.Headers.TryAddWithoutValidation("OData-MaxVersion", "4.0");
        request.Headers.TryAddWithoutValidation("OData-Version", "4.0");
        if (request.Method == HttpMethod.Get && !request.Headers.Contains("If-None-Match"))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "null");
        }
    }

    /// <summary>Sets <c>Prefer</c> to the given preferences, comma separated (one header, as the docs show).</summary>
    public static void Prefer(HttpRequestMessage request, params IEnumerable<string> preferences)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = string.Join(",", preferences);
        if (value.Length > 0)
        {
            request.Headers.Remove("Prefer");
            request.Headers.TryAddWithoutValidation("Prefer", value);
        }
    }

    /// <summary>A JSON body (<c>Content-Type: application/json</c>).</summary>
    public static HttpContent Json(string json) => new StringContent(json, System.Text.Encoding.UTF8, JsonMediaType);
}
