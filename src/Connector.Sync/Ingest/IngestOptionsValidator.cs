using Microsoft.Extensions.Options;

namespace Connector.Sync.Ingest;

/// <summary>The validation attributes of <see cref="IngestOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class IngestOptionsValidator : IValidateOptions<IngestOptions>;
