using Microsoft.Extensions.Options;

namespace Connector.Worker.Telemetry;

/// <summary>The validation attributes of <see cref="TelemetryOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>;
