using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;

namespace Transparency.Core.Employees;

/// <summary>What is wrong with a directory file: the line (the header is line 1; 0 for the file as a whole), the column, and why.</summary>
public sealed record DirectoryProblem(int Line, string Field, string Message)
{
    public override string ToString() => Line == 0 ? Message : $"line {Line}, {Field}: {Message}";
}

/// <summary>One employee as a valid line of the HR system's export.</summary>
/// <param name="OrgUnitPath">The org unit from the top down, its segments trimmed and joined by <c>/</c>.</param>
/// <param name="ObjectId">The identity provider's object id in its canonical form (lower-case, hyphenated), or null when the line has none.</param>
public sealed record DirectoryEntry(
    int Line, string EmployeeId, string DisplayName, string OrgUnitPath, string SignInName, string? ObjectId, DateOnly? StartsOn, DateOnly? LeavesOn);

/// <summary>
/// Reads the HR system's employee export: UTF-8 CSV, comma-separated, a header row naming <see cref="Columns"/> (in any
/// order; other columns are ignored), one employee per line. Every line is checked and every problem reported with
/// its line and column, so one run of a bad file shows all there is to fix.
/// </summary>
public static class DirectoryFile
{
    public const string EmployeeId = "employee_id";
    public const string DisplayName = "display_name";
    public const string OrgUnit = "org_unit";
    public const string SignInName = "sign_in_name";
    public const string ObjectId = "object_id";
    public const string StartDate = "start_date";
    public const string LeaveDate = "leave_date";

    /// <summary>The columns the header must name.</summary>
    public static readonly IReadOnlyList<string> Columns = [EmployeeId, DisplayName, OrgUnit, SignInName, ObjectId, StartDate, LeaveDate];

    /// <summary>The longest values the store holds (the employee and org unit columns).</summary>
    public const int MaxEmployeeId = 64, MaxName = 200;

    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>The valid lines and the problems of the others; a file with any problem must not be imported.</summary>
    public static async Task<(IReadOnlyList<DirectoryEntry> Entries, IReadOnlyList<DirectoryProblem> Problems)> ReadAsync(
        Stream csv, CancellationToken ct = default)
    {
        var problems = new List<DirectoryProblem>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            TrackLineNumbers = true,
            // A value holds no line break, so a stray quote ends at its line instead of swallowing the lines after it.
            AllowLineBreaksInQuotes = false,
            OnMalformedRecord = m => problems.Add(new((int)m.LineNumber, "quoting", Malformed(m.Reason))),
        };
        await using var reader = CsvReader.Create(csv, options, leaveOpen: true);
        await reader.ReadHeaderAsync(ct);
        var header = reader.Headers;
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            return ([], [new(0, "file", $"The file is empty: it needs a header row with the columns {string.Join(", ", Columns)}, then one line per employee.")]);

        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().ToLowerInvariant();
            if (!Columns.Contains(name))
                continue;
            if (!index.TryAdd(name, i))
                problems.Add(new(1, name, "the header names this column twice"));
        }
        var missing = Columns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            problems.AddRange(missing.Select(c => new DirectoryProblem(1, c,
                $"the header has no column '{c}'; it needs {string.Join(", ", Columns)} (comma-separated)")));
            return ([], problems);
        }

        var entries = new List<DirectoryEntry>();
        var linesOfIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var linesOfObjectIds = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var line = new Line((int)reader.LineNumber, problems);
            if (reader.FieldCount != header.Count)
                line.Problem("fields", $"has {reader.FieldCount} fields; the header has {header.Count}");
            string? Field(string column) => index[column] < reader.FieldCount ? reader.GetString(index[column]) : null;

            var id = line.Text(EmployeeId, Field(EmployeeId), MaxEmployeeId, required: true);
            var displayName = line.Text(DisplayName, Field(DisplayName), MaxName, required: true);
            var orgUnit = line.OrgUnitPath(Field(OrgUnit));
            var signInName = line.Text(SignInName, Field(SignInName), MaxName, required: true);
            var objectId = line.ObjectId(Field(ObjectId));
            var startsOn = line.Date(StartDate, Field(StartDate));
            var leavesOn = line.Date(LeaveDate, Field(LeaveDate));
            if (startsOn is { } start && leavesOn is { } leave && leave < start)
                line.Problem(LeaveDate, $"'{leave.ToString(DateFormat, CultureInfo.InvariantCulture)}' is before the start_date '{start.ToString(DateFormat, CultureInfo.InvariantCulture)}'");
            if (id is not null && !linesOfIds.TryAdd(id, line.Number))
                line.Problem(EmployeeId, $"'{id}' is on line {linesOfIds[id]} already; an employee has one line");
            if (objectId is not null && !linesOfObjectIds.TryAdd(objectId, line.Number))
                line.Problem(ObjectId, $"'{objectId}' is on line {linesOfObjectIds[objectId]} already; an object id belongs to one employee");

            if (!line.HasProblems)
                entries.Add(new DirectoryEntry(line.Number, id!, displayName!, orgUnit!, signInName!, objectId, startsOn, leavesOn));
        }
        if (entries.Count == 0 && problems.Count == 0)
            problems.Add(new(0, "file", "The file has a header but no employees."));
        return (entries, problems.OrderBy(p => p.Line).ToList());
    }

    private static string Malformed(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted value; quote the whole value and double the quotes in it (\"\")",
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote; quote the whole value and double the quotes in it (\"\")",
        CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes => "a quoted value is not closed on its line",
        _ => "the line is not valid CSV",
    };

    /// <summary>One line's checks, collecting its problems.</summary>
    private sealed class Line(int number, List<DirectoryProblem> problems)
    {
        private readonly int _before = problems.Count;

        public int Number => number;
        public bool HasProblems => problems.Count > _before;

        public void Problem(string field, string message) => problems.Add(new(number, field, message));

        /// <summary>The value without surrounding spaces, or null (with a problem when it was required or is not acceptable).</summary>
        public string? Text(string field, string? raw, int maxLength, bool required)
        {
            if (raw is not null && Unacceptable(raw) is { } why)
            {
                Problem(field, why);
                return null;
            }
            var value = raw?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (required)
                    Problem(field, "is required");
                return null;
            }
            if (value.Length > maxLength)
            {
                Problem(field, $"is {value.Length} characters long; at most {maxLength} are allowed");
                return null;
            }
            return value;
        }

        public string? OrgUnitPath(string? raw)
        {
            if (Text(OrgUnit, raw, int.MaxValue, required: true) is not { } value)
                return null;
            var segments = value.Split('/').Select(s => s.Trim()).ToList();
            if (segments.Any(s => s.Length == 0))
            {
                Problem(OrgUnit, $"'{value}' has an empty segment; write the path from the top down, e.g. Engineering/Platform");
                return null;
            }
            if (segments.FirstOrDefault(s => s.Length > MaxName) is { } tooLong)
            {
                Problem(OrgUnit, $"the segment '{tooLong[..20]}…' is {tooLong.Length} characters long; a unit's name has at most {MaxName}");
                return null;
            }
            return string.Join('/', segments);
        }

        public string? ObjectId(string? raw)
        {
            if (Text(DirectoryFile.ObjectId, raw, 100, required: false) is not { } value)
                return null;
            if (!Guid.TryParseExact(value, "D", out var guid))
            {
                Problem(DirectoryFile.ObjectId, $"'{value}' is not an object id (a GUID such as 7f3c2a10-4b1d-4e8a-9c55-2d0e6f1b8a93)");
                return null;
            }
            return guid.ToString("D");
        }

        public DateOnly? Date(string field, string? raw)
        {
            if (Text(field, raw, 100, required: false) is not { } value)
                return null;
            if (!DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Problem(field, $"'{value}' is not a date ({DateFormat})");
                return null;
            }
            return date;
        }

        /// <summary>
        /// Control characters (NUL, line breaks, tabs, escapes) have no place in a name or an id and usually mean a
        /// broken export; U+FFFD stands where the file's bytes were not UTF-8.
        /// </summary>
        private static string? Unacceptable(string value)
        {
            foreach (var c in value)
            {
                if (char.IsControl(c))
                    return $"contains the control character U+{(int)c:X4}";
                if (c == '\uFFFD')
                    return "contains bytes that are not UTF-8; save the export as UTF-8";
            }
            return null;
        }
    }
}

/// <summary>
/// Org units the directory creates are named by their path from the top (<c>Engineering/Platform</c>): each segment is a
/// unit whose name is the segment and whose parent is the unit of the segments before it. A unit's id is derived from
/// its path, <c>OU-</c> and the first 16 hexadecimal digits of the SHA-256 of the path (UTF-8, segments trimmed, exactly
/// as written), so every import finds the units an earlier one created, and a renamed unit in the HR system becomes a
/// new unit (its people move) rather than changing what the old one's reports meant.
/// </summary>
public static class OrgUnitPaths
{
    /// <summary>The id of the unit at <paramref name="path"/> (segments trimmed, joined by <c>/</c>).</summary>
    public static string IdOf(string path) =>
        "OU-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(path)), 0, 8);

    /// <summary>The path and each of its ancestors' paths, from the top down: <c>A</c>, <c>A/B</c>, <c>A/B/C</c>.</summary>
    public static IEnumerable<string> Lineage(string path)
    {
        for (var end = path.IndexOf('/'); end >= 0; end = path.IndexOf('/', end + 1))
            yield return path[..end];
        yield return path;
    }

    /// <summary>The last segment: the unit's own name.</summary>
    public static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The path of the unit above, or null for a top-level unit.</summary>
    public static string? ParentOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : null;
}
