using System.Text;
using System.Text.Json;

namespace Transparency.SampleClient;

/// <summary>A record's identity: the store checks ids within one employee's records, so copies are keyed by both.</summary>
public readonly record struct RecordKey(string EmployeeId, Guid Id);

/// <summary>
/// The training pipeline's local copy: exported records as JSON Lines (<c>records.jsonl</c>) and the
/// two cursors it resumes from (<c>records.cursor</c>, <c>revocations.cursor</c>), in one folder.
/// With <c>countOnly</c> it keeps the cursors and a count, not the records.
/// </summary>
public sealed class TrainingDataset
{
    public const string RecordsFile = "records.jsonl";
    public const string RecordsCursor = "records.cursor";
    public const string RevocationsCursor = "revocations.cursor";

    private readonly HashSet<RecordKey> _keys = [];

    private TrainingDataset(string folder, bool countOnly) => (Folder, CountOnly) = (folder, countOnly);

    public string Folder { get; }
    public bool CountOnly { get; }
    public string RecordsPath => Path.Combine(Folder, RecordsFile);

    /// <summary>The records held now.</summary>
    public IReadOnlySet<RecordKey> Keys => _keys;

    public static async Task<TrainingDataset> OpenAsync(string folder, bool countOnly = false, CancellationToken ct = default)
    {
        Directory.CreateDirectory(folder);
        var dataset = new TrainingDataset(folder, countOnly);
        if (!countOnly && File.Exists(dataset.RecordsPath))
            await foreach (var line in File.ReadLinesAsync(dataset.RecordsPath, ct))
                if (KeyOf(line) is { } key)
                    dataset._keys.Add(key);
        return dataset;
    }

    /// <summary>
    /// Appends a page of exported lines and forces it to disk; returns how many were new. Records held
    /// already (a page fetched again after a crash between writing it and saving the cursor) are skipped.
    /// </summary>
    public async Task<int> AppendAsync(IReadOnlyList<string> lines, CancellationToken ct)
    {
        if (CountOnly)
            return lines.Count;
        var fresh = lines.Where(l => KeyOf(l) is { } key && _keys.Add(key)).ToList();
        if (fresh.Count == 0)
            return 0;
        await using var file = new FileStream(RecordsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        await file.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(fresh.Select(l => l + "\n"))), ct);
        file.Flush(flushToDisk: true);
        return fresh.Count;
    }

    /// <summary>Removes the given records from the local copy (the downstream purge); returns how many were held.</summary>
    public async Task<int> RemoveAsync(IReadOnlySet<RecordKey> revoked, CancellationToken ct)
    {
        var held = revoked.Where(_keys.Contains).ToList();
        if (CountOnly || held.Count == 0)
            return held.Count;
        // Rewritten to a new file and swapped in, so a crash leaves either the old or the new dataset, never half of one.
        var temporary = RecordsPath + ".tmp";
        await File.WriteAllLinesAsync(temporary,
            File.ReadLines(RecordsPath).Where(line => KeyOf(line) is not { } key || !revoked.Contains(key)), ct);
        File.Move(temporary, RecordsPath, overwrite: true);
        _keys.ExceptWith(held);
        return held.Count;
    }

    public string? ReadCursor(string name) =>
        File.Exists(Path.Combine(Folder, name)) && File.ReadAllText(Path.Combine(Folder, name)).Trim() is { Length: > 0 } cursor ? cursor : null;

    /// <summary>Saved only after what the cursor points past is safely stored: a crash repeats a page, it never skips one.</summary>
    public void WriteCursor(string name, string cursor)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path + ".tmp", cursor);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static RecordKey? KeyOf(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return null;
        using var json = JsonDocument.Parse(line);
        return new RecordKey(json.RootElement.GetProperty("employeeId").GetString()!, json.RootElement.GetProperty("id").GetGuid());
    }
}
