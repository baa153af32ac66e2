using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connector.Sync.Collections;

/// <summary>The outbox payloads of the collections step, serialised by generated code (10,000 tasks a cycle).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskIntent))]
[JsonSerializable(typeof(MailIntent))]
internal sealed partial class IntentJson : JsonSerializerContext;
