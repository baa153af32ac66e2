namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// The Dataverse error codes the emulator answers with (reference: powerapps-docs
/// <c>includes/data-service-errors.md</c>; HTTP statuses from the Web API's error-to-status map).
/// </summary>
public static class ErrorCodes
{
    /// <summary>ObjectDoesNotExist: "account With Id = … Does Not Exist" (404).</summary>
    public const string ObjectDoesNotExist = "0x80040217";

    /// <summary>A record with the specified key values does not exist in … entity (404).</summary>
    public const string KeyedRecordDoesNotExist = "0x80060891";

    /// <summary>DuplicateRecordEntityKey: alternate key values already taken (412).</summary>
    public const string DuplicateRecordEntityKey = "0x80060892";

    /// <summary>DuplicateRecord: "Cannot insert duplicate key." (412), e.g. create-only by id on an existing id.</summary>
    public const string DuplicateRecord = "0x80040237";

    /// <summary>ConcurrencyVersionMismatch: the If-Match etag is not the record's version (412).</summary>
    public const string ConcurrencyVersionMismatch = "0x80060882";

    /// <summary>EntityKeyNotDefined: the attributes in the URL are not a defined key of the table (400).</summary>
    public const string EntityKeyNotDefined = "0x80060890";

    /// <summary>
    /// The OData layer's code for a request it cannot map: unknown property, unknown segment, bad literal, bad query
    /// option, batch format errors.
    /// </summary>
    public const string ODataRequest = "0x80060888";

    /// <summary>String longer than the column's MaxLength (the code of the documented $batch example).</summary>
    public const string StringTooLong = "0x80044331";

    /// <summary>Choice value outside the column's options.</summary>
    public const string PicklistValueOutOfRange = "0x8004431A";

    /// <summary>InvalidArgument: generic validation refusal (400).</summary>
    public const string InvalidArgument = "0x80040203";

    /// <summary>"The 'X' method does not support entities of type 'y'" (400), e.g. a bulk message on a table without it.</summary>
    public const string MessageNotSupportedForEntity = "0x80040800";

    /// <summary>ChangeTrackingNotEnabledForEntity: "Entity {0} isn't enabled for change tracking."</summary>
    public const string ChangeTrackingNotEnabled = "0x80072491";

    /// <summary>ExpiredVersionStamp: the delta token is older than the change tracking retention (7 days).</summary>
    public const string ExpiredVersionStamp = "0x80044352";

    /// <summary>
    /// A synchronous webhook step did not answer 2xx in time. Dataverse shows the user a generic "Endpoint unavailable"
    /// error and ignores the endpoint's body (reference §8.3); the exact code and status a Web API client receives are
    /// unconfirmed, so the emulator answers 400 with the plug-in pipeline's failure code (ISV aborted).
    /// </summary>
    public const string WebhookEndpointFailed = "0x80040265";

    /// <summary>
    /// ImportXsdValidationError (-2147188710): ImportSolution refuses a customizations.xml that breaks the solution schema,
    /// "The import file is invalid. XSD validation failed with the following error: '{0}'. The validation failed at:
    /// '...{1} &lt;&lt;&lt;&lt;&lt;ERROR LOCATION&gt;&gt;&gt;&gt;&gt; {2}...'." (name, value and text: Microsoft's CRM SDK sample
    /// <c>ErrorCodes.cs</c>; the same text reported by users in Ardalyst/Celedon-Autonumber-RTM issue #25). The Web API's
    /// HTTP status for it is not documented; 400, as for other validation refusals.
    /// </summary>
    public const string ImportXsdValidation = "0x8004801a";

    /// <summary>Anything the emulator did not expect.</summary>
    public const string Unexpected = "0x80040216";
}
