namespace Connector.Emulators.Dataverse.Records;

/// <summary>The value of a lookup column: the table and id of the record it points at.</summary>
/// <param name="Table">Logical name of the target table, e.g. <c>account</c>.</param>
/// <param name="Id">The target record's primary id.</param>
public sealed record RecordReference(string Table, Guid Id);
