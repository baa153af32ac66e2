using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.Solutions;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>The unbound function and action the connector uses: WhoAmI and ImportSolution.</summary>
internal static class ActionEndpoints
{
    public static ApiResponse WhoAmI(DataverseEnvironment environment, ApiRequest request) =>
        ApiResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = $"{request.ServiceRoot}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",
            ["BusinessUnitId"] = environment.BusinessUnitId.ToString("D"),
            ["UserId"] = environment.UserIdLocked(request.Caller).ToString("D"),
            ["OrganizationId"] = environment.OrganizationId.ToString("D"),
        });

    /// <summary>
    /// Imports a solution zip (<c>CustomizationFile</c>, base64): its tables, columns, keys and change tracking are merged
    /// into the environment, and its views, forms, charts, dashboards, roles, web resources, apps, site maps and
    /// environment variable definitions become rows of their system tables. A customizations.xml that breaks the solution schema is refused as Dataverse refuses it
    /// (400, <see cref="ErrorCodes.ImportXsdValidation"/>, Dataverse's message); a zip the importer cannot read otherwise is
    /// a 400 naming what is wrong.
    /// </summary>
    public static ApiResponse ImportSolution(DataverseEnvironment environment, ApiRequest request)
    {
        var body = RecordEndpoints.ReadBody(request);
        if ((body["CustomizationFile"] as JsonValue)?.TryGetValue<string>(out var base64) != true || string.IsNullOrEmpty(base64))
        {
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, "ImportSolution needs 'CustomizationFile': the solution zip in base64.");
        }

        byte[] zip;
        try
        {
            zip = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, "'CustomizationFile' is not valid base64.");
        }

        SolutionContent content;
        try
        {
            using var stream = new MemoryStream(zip, writable: false);
            content = SolutionImporter.Read(stream);
        }
        catch (SolutionSchemaRefusedException exception)
        {
            throw new DataverseFaultException(400, ErrorCodes.ImportXsdValidation, exception.Message);
        }
        catch (InvalidDataException exception)
        {
            // The import error code Dataverse uses for a malformed package was not confirmed; InvalidArgument (400) is used.
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, $"The solution file is invalid: {exception.Message}");
        }
        catch (NotSupportedException exception)
        {
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument, $"The solution file cannot be imported: {exception.Message}");
        }

        environment.Import(content);
        request.Cost?.AddRecords(content.Tables.Count + content.Rows.Count);
        return ApiResponse.NoContent();
    }
}
