namespace Connector.Dataverse.WebApi;

/// <summary>Dataverse error codes the client acts on (reference/web-service-error-codes), as the hex strings the Web API sends.</summary>
public static class DataverseErrorCodes
{
    /// <summary>ObjectDoesNotExist: "salesorder With Id = … Does Not Exist" (404).</summary>
    public const string ObjectDoesNotExist = "0x80040217";

    /// <summary>DuplicateRecord: "Cannot insert duplicate key", a record with that id exists.</summary>
    public const string DuplicateRecord = "0x80040237";

    /// <summary>DuplicateRecordEntityKey: a record with those alternate key values exists (412 with <c>If-None-Match: *</c>).</summary>
    public const string DuplicateRecordEntityKey = "0x80060892";
}
