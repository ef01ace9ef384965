using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Register;

namespace Transparency.Core.Ingestion;

/// <summary>One item of a batch after validation, ready to be written.</summary>
internal sealed record CaptureItem(
    int Index, Guid Id, string EmployeeId, DateTime CapturedAt, CaptureKind Kind, string DeviceId, string Application, string? Site,
    Purposes Purposes, string Source, SensitivityTags Sensitivity, string ContentJson, byte[]? Snapshot, string? SnapshotMediaType,
    string Summary, string? WindowTitle, string IngestHash);

/// <summary>
/// Reads and checks the items of one batch. Wrong JSON types are errors of form (400); values that are
/// well-typed but not acceptable are semantic errors (422); sizes beyond the limits are 413.
/// </summary>
internal sealed class CaptureItemReader(IngestionOptions options, SensitiveContextMatcher sensitive, DateTime now, DateTime oldest)
{
    private static readonly JsonWriterOptions StoredJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly string[] MediaTypes = ["image/png", "image/jpeg", "image/webp"];

    public List<IngestionItemError> FormErrors { get; } = [];
    public List<IngestionItemError> SemanticErrors { get; } = [];
    public List<IngestionItemError> SizeErrors { get; } = [];

    private int _index;

    public CaptureItem? Read(int index, JsonElement item)
    {
        _index = index;
        var before = FormErrors.Count + SemanticErrors.Count + SizeErrors.Count;
        if (item.ValueKind != JsonValueKind.Object)
        {
            Form("", "Each record must be a JSON object.");
            return null;
        }
        if (UndecodableText(item, "") is { } undecodable)
        {
            // JSON may escape half of a UTF-16 pair ("\ud800"), which is no text at all: nothing could store or show it.
            Form(undecodable, "Holds a lone surrogate escape (half of a UTF-16 pair), which is not text.");
            return null;
        }
        if (NulText(item, "") is { } nul)
        {
            // PostgreSQL keeps no NUL in text; SQLite would. Both refuse it alike, so a record is never accepted by one store only.
            Semantic(nul, "Holds the character U+0000 (NUL), which is not text.");
            return null;
        }
        var idText = String(item, "id", required: true);
        var id = Guid.Empty;
        if (idText is not null && !Guid.TryParse(idText, out id))
            Semantic("id", "Must be a UUID.");
        var employeeId = Bounded(item, "employeeId", 64, required: true);
        var capturedAt = Timestamp(item, "capturedAt");
        var kindText = String(item, "kind", required: true);
        CaptureKind kind = default;
        if (kindText is not null && !ApiNames.Kinds.TryParse(kindText, out kind))
            Semantic("kind", $"Unknown kind '{kindText}'; use one of {string.Join(", ", ApiNames.Kinds.Names)}.");
        var deviceId = Bounded(item, "deviceId", 100, required: true);
        var application = Bounded(item, "application", 200, required: true);
        var site = Site(item);
        var source = Bounded(item, "source", 100, required: true);
        var purposes = Names(item, "purposes", ApiNames.Purposes, required: true);
        var sensitivity = Names(item, "sensitivity", ApiNames.Sensitivity, required: false);

        string? contentJson = null, summary = null, windowTitle = null, mediaType = null;
        byte[]? snapshot = null;
        if (!item.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            Semantic("content", "Is required.");
        else if (content.ValueKind != JsonValueKind.Object)
            Form("content", "Must be an object.");
        else if (JsonMarshal.GetRawUtf8Value(content).Length > options.MaxContentBytesPerRecord)
            SizeErrors.Add(new(_index, "content", $"The content is larger than the limit of {options.MaxContentBytesPerRecord} bytes."));
        else if (kindText is not null && ApiNames.Kinds.Contains(kindText))
            (contentJson, summary, windowTitle, snapshot, mediaType) = Content(kind, content, application ?? "", site, IsPasswordField(sensitivity, application, site));

        if (FormErrors.Count + SemanticErrors.Count + SizeErrors.Count > before || contentJson is null)
            return null;
        var tags = TagsOf(sensitivity);
        // The hash is over what is stored: over the typed text of a password field it could be matched against guesses.
        var withheld = kind == CaptureKind.Keystrokes && IsPasswordField(sensitivity, application, site);
        using var stored = withheld ? JsonDocument.Parse(contentJson) : null;
        var hash = Hash(id, employeeId!, capturedAt!.Value, kindText!, deviceId!, application!, site, purposes!, source!, sensitivity ?? [],
            stored?.RootElement ?? content);
        return new CaptureItem(index, id, employeeId!, capturedAt.Value, kind, deviceId!, application!, site,
            PurposesOf(purposes!), source!, tags, contentJson, snapshot, mediaType,
            summary!, windowTitle, hash);
    }

    /// <summary>
    /// Whether the record was typed into a password field: tagged so by the agent, or by a configured sensitive
    /// context (a password manager, say), which <see cref="IngestionService"/> applies again to the tags it stores.
    /// </summary>
    private bool IsPasswordField(List<string>? sensitivity, string? application, string? site) =>
        ((TagsOf(sensitivity) | sensitive.TagsOf(application ?? "", site, null)) & SensitivityTags.PasswordField) != 0;

    // Both read names already checked against their table; an unknown one adds nothing.
    private static SensitivityTags TagsOf(IEnumerable<string>? names) =>
        names?.Aggregate(SensitivityTags.None, (s, t) => s | (ApiNames.Sensitivity.TryParse(t, out var tag) ? tag : SensitivityTags.None))
        ?? SensitivityTags.None;

    private static Purposes PurposesOf(IEnumerable<string> names) =>
        names.Aggregate(Purposes.None, (s, p) => s | (ApiNames.Purposes.TryParse(p, out var purpose) ? purpose : Purposes.None));

    /// <summary>The path of the first string or property name in <paramref name="element"/> that is not valid UTF-16, or null.</summary>
    private static string? UndecodableText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Decodes(() => element.GetString()) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!Decodes(() => property.Name))
                        return Child(path, RawName(property));
                    var at = Child(path, property.Name);
                    if (UndecodableText(property.Value, at) is { } bad)
                        return bad;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var value in element.EnumerateArray())
                    if (UndecodableText(value, $"{path}[{i++}]") is { } bad)
                        return bad;
                return null;
            default:
                return null;
        }
    }

    /// <summary>The path of the first string or property name in <paramref name="element"/> that holds U+0000, or null.</summary>
    private static string? NulText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0') ? path : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.Contains('\0'))
                        return Child(path, RawName(property));
                    var at = Child(path, property.Name);
                    if (NulText(property.Value, at) is { } bad)
                        return bad;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var value in element.EnumerateArray())
                    if (NulText(value, $"{path}[{i++}]") is { } bad)
                        return bad;
                return null;
            default:
                return null;
        }
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>
    /// A property name as the body spells it, escapes and all (<c>a\u0000b</c>): a name that is no text can still be named
    /// in the error, and the field an error names is never empty.
    /// </summary>
    private static string RawName(JsonProperty property) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property));

    private static bool Decodes(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void Form(string field, string message) => FormErrors.Add(new(_index, field, message));
    private void Semantic(string field, string message) => SemanticErrors.Add(new(_index, field, message));

    private string? String(JsonElement o, string name, bool required, string? path = null)
    {
        path ??= name;
        if (!o.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                Semantic(path, "Is required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Form(path, "Must be a string.");
            return null;
        }
        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Semantic(path, "Must not be empty.");
            return null;
        }
        return text;
    }

    /// <summary>A string of the record's own (not of its content): at most <paramref name="max"/> characters of plain text.</summary>
    private string? Bounded(JsonElement o, string name, int max, bool required)
    {
        var text = String(o, name, required);
        if (text is not null && text.Length > max)
        {
            Semantic(name, $"Must be at most {max} characters.");
            return null;
        }
        // A control character in a name shown on every page and PDF could hide or reorder what is shown.
        if (text is not null && PlainText.Problem(text) is { } problem)
        {
            Semantic(name, problem);
            return null;
        }
        if (text?.FirstOrDefault(c => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') is { } bidi and not '\0')
        {
            Semantic(name, $"Holds the bidirectional control character U+{(int)bidi:X4}, which would make it display reordered.");
            return null;
        }
        return text;
    }

    /// <summary>
    /// The site: a host name with its domain (<c>mail.example.com</c>), <c>localhost</c> or an IP address, as a browser's address
    /// bar shows it without scheme, port or path; anything else is not where a record was captured.
    /// </summary>
    private string? Site(JsonElement o)
    {
        var site = Bounded(o, "site", 253, required: false);
        if (site is null)
            return null;
        var host = site.TrimEnd('.');
        var kind = Uri.CheckHostName(host);
        if (kind is UriHostNameType.IPv4 or UriHostNameType.IPv6
            || (kind == UriHostNameType.Dns && (host.Contains('.') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                && host.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(ch => char.IsLetterOrDigit(ch) || ch == '-')
                                                                             && label[0] != '-' && label[^1] != '-')))
            return site;
        Semantic("site", "Must be a host name with its domain (such as mail.example.com), localhost or an IP address: no scheme, port, path or spaces.");
        return null;
    }

    private DateTime? Timestamp(JsonElement o, string name)
    {
        var text = String(o, name, required: true);
        if (text is null)
            return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            Semantic(name, "Must be an ISO 8601 timestamp, e.g. 2026-11-20T09:14:03.120Z.");
            return null;
        }
        var utc = at.UtcDateTime;
        // Older than the longest retention, a record would be erased on arrival: an agent's clock is wrong, and its time is noise.
        if (utc < oldest)
        {
            Semantic(name, string.Create(CultureInfo.InvariantCulture,
                $"Lies before {oldest:yyyy-MM-dd}: older than the longest retention in the processing register, so it could not be kept. Check the capture agent's clock."));
            return null;
        }
        if (utc > now.AddSeconds(options.MaxClockSkewSeconds))
        {
            Semantic(name, $"Lies in the future by more than the allowed clock skew of {options.MaxClockSkewSeconds} s.");
            return null;
        }
        return utc;
    }

    private List<string>? Names<T>(JsonElement o, string name, ApiNameTable<T> known, bool required) where T : struct, Enum
    {
        if (!o.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                Semantic(name, "Is required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            Form(name, "Must be an array of strings.");
            return null;
        }
        var names = new List<string>();
        var ok = true;
        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                Form($"{name}[{i}]", "Must be a string.");
                ok = false;
            }
            else if (!known.Contains(element.GetString()!))
            {
                Semantic($"{name}[{i}]", $"Unknown value '{element.GetString()}'; use one of {string.Join(", ", known.Names)}.");
                ok = false;
            }
            else
                names.Add(element.GetString()!);
            i++;
        }
        if (ok && required && names.Count == 0)
        {
            Semantic(name, "Name at least one.");
            ok = false;
        }
        return ok ? names.Distinct().Order(StringComparer.Ordinal).ToList() : null;
    }

    /// <summary>The longest interval one record may span (a focus, a burst of keys, a pointer path): a day. Agents split longer ones.</summary>
    public const double MaxDurationMs = 86_400_000;

    /// <summary>The largest screen coordinate or dimension taken: far beyond any display, far below what overflows anything.</summary>
    public const double MaxCoordinate = 1_000_000;

    /// <summary>The most keys one record may count.</summary>
    public const double MaxKeyCount = 1_000_000;

    private double? Number(JsonElement o, string name, string path, double min, double max, bool integer = false)
    {
        if (!o.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Semantic(path, "Is required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number)
        {
            Form(path, "Must be a number.");
            return null;
        }
        var number = value.GetDouble();
        if (number < min || number > max)
        {
            Semantic(path, string.Create(CultureInfo.InvariantCulture, $"Must be from {min:0.###} to {max:0.###}."));
            return null;
        }
        if (integer && number != Math.Floor(number))
        {
            Semantic(path, "Must be a whole number.");
            return null;
        }
        return number;
    }

    private (string? Json, string? Summary, string? WindowTitle, byte[]? Snapshot, string? MediaType) Content(
        CaptureKind kind, JsonElement c, string application, string? site, bool password)
    {
        var where = site is null ? $"in {application}" : $"on {site}";
        var place = site ?? application;
        var errors = FormErrors.Count + SemanticErrors.Count;
        string? summary = null, title = null, mediaType = null;
        byte[]? bytes = null;
        switch (kind)
        {
            case CaptureKind.PointerTrajectory:
            {
                if (!c.TryGetProperty("points", out var points) || points.ValueKind != JsonValueKind.Array)
                {
                    (points.ValueKind == JsonValueKind.Undefined ? (Action<string, string>)Semantic : Form)("content.points", "Must be an array of [x, y, ms] points.");
                    break;
                }
                double? first = null, firstY = null, lastX = 0, lastY = 0, lastMs = 0;
                var i = 0;
                foreach (var p in points.EnumerateArray())
                {
                    if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() != 3 || p.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                    {
                        Form($"content.points[{i}]", "Must be [x, y, ms] numbers.");
                        break;
                    }
                    var (x, y, ms) = (p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble());
                    if (Math.Abs(x) > MaxCoordinate || Math.Abs(y) > MaxCoordinate || ms < 0 || ms > MaxDurationMs)
                    {
                        Semantic($"content.points[{i}]", string.Create(CultureInfo.InvariantCulture,
                            $"x and y must be within ±{MaxCoordinate:0}, and ms from 0 to {MaxDurationMs:0}."));
                        break;
                    }
                    if (i > 0 && ms < lastMs)
                    {
                        Semantic($"content.points[{i}]", "Times (ms) must not decrease.");
                        break;
                    }
                    first ??= x;
                    firstY ??= y;
                    (lastX, lastY, lastMs) = (x, y, ms);
                    i++;
                }
                if (i < 2 && FormErrors.Count + SemanticErrors.Count == errors)
                    Semantic("content.points", "Needs at least two points.");
                if (!c.TryGetProperty("screen", out var screen) || screen.ValueKind != JsonValueKind.Object)
                    Semantic("content.screen", "Must be an object {w, h}.");
                else
                {
                    Number(screen, "w", "content.screen.w", 1, MaxCoordinate);
                    Number(screen, "h", "content.screen.h", 1, MaxCoordinate);
                }
                if (FormErrors.Count + SemanticErrors.Count == errors)
                {
                    var distance = Math.Sqrt(Math.Pow(lastX!.Value - first!.Value, 2) + Math.Pow(lastY!.Value - firstY!.Value, 2));
                    summary = string.Create(CultureInfo.InvariantCulture, $"Moved the pointer {distance:0} px in {lastMs / 1000.0:0.0} s {where}");
                }
                break;
            }
            case CaptureKind.Click:
            {
                Number(c, "x", "content.x", 0, MaxCoordinate);
                Number(c, "y", "content.y", 0, MaxCoordinate);
                var button = String(c, "button", true, "content.button");
                if (button is not null && button is not ("left" or "right" or "middle"))
                    Semantic("content.button", "Must be left, right or middle.");
                string? role = null, name = null;
                if (!c.TryGetProperty("target", out var target) || target.ValueKind != JsonValueKind.Object)
                    Semantic("content.target", "Must be an object {role, name}.");
                else
                {
                    role = String(target, "role", true, "content.target.role");
                    name = String(target, "name", false, "content.target.name") ?? "";
                }
                var verb = button switch { "right" => "Right-clicked", "middle" => "Middle-clicked", _ => "Clicked" };
                summary = $"{verb} {role} '{name}' {where}";
                break;
            }
            case CaptureKind.Keystrokes:
            {
                // Text may be empty (only modifier keys), but it must be there; in a password field it is never read (ADR 0003).
                if (!password)
                {
                    if (!c.TryGetProperty("text", out var text) || text.ValueKind == JsonValueKind.Null)
                        Semantic("content.text", "Is required.");
                    else if (text.ValueKind != JsonValueKind.String)
                        Form("content.text", "Must be a string.");
                }
                var keys = Number(c, "keyCount", "content.keyCount", 0, MaxKeyCount, integer: true);
                Number(c, "durationMs", "content.durationMs", 0, MaxDurationMs);
                if (password)
                {
                    if (FormErrors.Count + SemanticErrors.Count > errors)
                        return default;
                    return (WithheldText(c), $"Typed {keys:0} keys into a password field {where}", null, null, null);
                }
                summary = $"Typed {keys:0} keys {where}";
                break;
            }
            case CaptureKind.ScreenSnapshot:
            {
                mediaType = String(c, "mediaType", true, "content.mediaType");
                if (mediaType is not null && !MediaTypes.Contains(mediaType))
                    Semantic("content.mediaType", $"Must be one of {string.Join(", ", MediaTypes)}.");
                var width = Number(c, "width", "content.width", 1, MaxCoordinate, integer: true);
                var height = Number(c, "height", "content.height", 1, MaxCoordinate, integer: true);
                var base64 = String(c, "imageBase64", true, "content.imageBase64");
                if (base64 is not null)
                {
                    try
                    {
                        bytes = Convert.FromBase64String(base64);
                    }
                    catch (FormatException)
                    {
                        Semantic("content.imageBase64", "Is not valid base64.");
                    }
                    if (bytes is not null && mediaType is not null && MediaTypes.Contains(mediaType) && !HasSignature(bytes, mediaType))
                        Semantic("content.imageBase64", $"The bytes are not a {mediaType} image.");
                }
                if (FormErrors.Count + SemanticErrors.Count == errors)
                {
                    summary = $"Screen snapshot of {place}";
                    // The image goes to its own column; the JSON keeps only what describes it.
                    return (string.Create(CultureInfo.InvariantCulture,
                        $$"""{"mediaType":"{{mediaType}}","width":{{width:0}},"height":{{height:0}}}"""), summary, null, bytes, mediaType);
                }
                break;
            }
            case CaptureKind.AppFocus:
            {
                var ms = Number(c, "durationMs", "content.durationMs", 0, MaxDurationMs);
                title = String(c, "windowTitle", false, "content.windowTitle");
                summary = $"Focused {place} for {Duration(ms ?? 0)}";
                break;
            }
        }
        if (FormErrors.Count + SemanticErrors.Count > errors)
            return default;
        return (Compact(c), summary, title, null, null);
    }

    /// <summary>
    /// What is kept of keystrokes typed into a password field: the top-level numbers (key count, timing) and a
    /// marker that the text was withheld. The text goes, and so does any other string, array or object an agent
    /// may send alongside (per-key characters, say): none of it is needed to show the employee what was captured.
    /// </summary>
    private string WithheldText(JsonElement c)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, StoredJson))
        {
            writer.WriteStartObject();
            foreach (var property in c.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.Number)
                    property.WriteTo(writer);
            writer.WriteString(CaptureContent.TextWithheldProperty, CaptureContent.TextWithheldPasswordField);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private static bool HasSignature(byte[] b, string mediaType) => mediaType switch
    {
        "image/png" => b.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/jpeg" => b.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]),
        "image/webp" => b.Length >= 12 && b.AsSpan(0, 4).SequenceEqual("RIFF"u8) && b.AsSpan(8, 4).SequenceEqual("WEBP"u8),
        _ => false,
    };

    private static string Duration(double ms)
    {
        var span = TimeSpan.FromMilliseconds(ms);
        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{span.Minutes} min {span.Seconds} s"
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min");
    }

    // One buffer per batch for the compact and canonical forms: a batch is read on one thread, item after item.
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    private string Compact(JsonElement element)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, StoredJson))
            element.WriteTo(writer);
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>
    /// SHA-256 over a canonical form of the item (normalised id and time, sorted names, object keys in
    /// ordinal order), so a re-send that differs only in spelling or key order is still a duplicate.
    /// </summary>
    private string Hash(Guid id, string employeeId, DateTime capturedAt, string kind, string deviceId, string application,
        string? site, List<string> purposes, string source, List<string> sensitivity, JsonElement content)
    {
        _buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_buffer))
        {
            w.WriteStartObject();
            w.WriteString("application", application);
            w.WriteString("capturedAt", capturedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WritePropertyName("content");
            Canonical(w, content);
            w.WriteString("deviceId", deviceId);
            w.WriteString("employeeId", employeeId);
            w.WriteString("id", id.ToString("D"));
            w.WriteString("kind", kind);
            w.WriteStartArray("purposes");
            purposes.ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteStartArray("sensitivity");
            sensitivity.ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteString("site", site);
            w.WriteString("source", source);
            w.WriteEndObject();
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(_buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void Canonical(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    Canonical(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var v in e.EnumerateArray())
                    Canonical(w, v);
                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }
}
