using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Transparency.Testing;

/// <summary>Capture records as the capture pipeline sends them, one JSON object each.</summary>
public static class CaptureBatches
{
    public static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The smallest valid PNG: its signature and a 1×1 image.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public static JsonObject Keystrokes(string employeeId, Guid? id = null, string text = "Hello⌫o", string application = "Outlook",
        string? site = "mail.example.com", string[]? purposes = null, DateTime? capturedAt = null) => Item(employeeId, id, "keystrokes",
        new JsonObject { ["text"] = text, ["keyCount"] = text.Length, ["durationMs"] = 1200 }, application, site, purposes, capturedAt);

    public static JsonObject Snapshot(string employeeId, Guid? id = null, string? base64 = null, string mediaType = "image/png") =>
        Item(employeeId, id, "screenSnapshot", new JsonObject
        {
            ["imageBase64"] = base64 ?? Convert.ToBase64String(Png), ["mediaType"] = mediaType, ["width"] = 1, ["height"] = 1,
        });

    public static JsonObject Click(string employeeId, Guid? id = null) => Item(employeeId, id, "click", new JsonObject
    {
        ["x"] = 120, ["y"] = 80, ["button"] = "left", ["target"] = new JsonObject { ["role"] = "button", ["name"] = "Send" },
    });

    public static JsonObject Pointer(string employeeId, Guid? id = null) => Item(employeeId, id, "pointerTrajectory", new JsonObject
    {
        ["points"] = new JsonArray(new JsonArray(10, 10, 0), new JsonArray(50, 40, 120), new JsonArray(110, 90, 260)),
        ["screen"] = new JsonObject { ["w"] = 1920, ["h"] = 1080 },
    });

    public static JsonObject Focus(string employeeId, string windowTitle, string application = "Edge", string? site = null) =>
        Item(employeeId, null, "appFocus", new JsonObject { ["durationMs"] = 90_000, ["windowTitle"] = windowTitle }, application, site);

    public static JsonObject Item(string employeeId, Guid? id, string kind, JsonObject content, string application = "Outlook",
        string? site = "mail.example.com", string[]? purposes = null, DateTime? capturedAt = null) => new()
    {
        ["id"] = (id ?? Guid.NewGuid()).ToString(),
        ["employeeId"] = employeeId,
        ["capturedAt"] = (capturedAt ?? Now.AddMinutes(-5)).ToString("O"),
        ["kind"] = kind,
        ["deviceId"] = "LT-4411",
        ["application"] = application,
        ["site"] = site,
        ["purposes"] = new JsonArray((purposes ?? ["operationalTelemetry", "modelTraining"]).Select(p => (JsonNode?)p).ToArray()),
        ["source"] = "capture-agent/2.3.1",
        ["content"] = content,
    };

    public static byte[] Json(params JsonObject[] items) => Encoding.UTF8.GetBytes(new JsonArray(items.Select(i => i.DeepClone()).ToArray()).ToJsonString());

    public static byte[] NdJson(params JsonObject[] items) =>
        Encoding.UTF8.GetBytes(string.Join('\n', items.Select(i => i.ToJsonString())) + "\n");

    public static Guid Id(JsonObject item) => Guid.Parse((string)item["id"]!);

    public static JsonDocument Parse(string json) => JsonDocument.Parse(json);
}
