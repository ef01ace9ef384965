using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;

namespace Transparency.Web.Components.Pages.My;

/// <summary>
/// The records filter as it lives in the URL (<c>/my/records?kind=keystrokes&amp;training=withheld…</c>), so a
/// filtered view can be bookmarked. Unknown or malformed values are reported, never silently widened.
/// </summary>
public static class RecordFilterQuery
{
    public static (RecordFilter Filter, IReadOnlyList<string> Problems) Parse(string query)
    {
        var values = QueryHelpers.ParseQuery(query);
        var problems = new List<string>();
        string? One(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString() : null;

        var kinds = new List<CaptureKind>();
        if (values.TryGetValue("kind", out var kindValues))
            foreach (var k in kindValues.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)))
                if (Enum.TryParse<CaptureKind>(k, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(k, out _))
                    kinds.Add(kind);
                else
                    problems.Add($"Unknown capture kind \"{k}\" was ignored.");

        var purposes = Purposes.None;
        if (values.TryGetValue("purpose", out var purposeValues))
            foreach (var p in purposeValues.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)))
                if (Enum.TryParse<Purposes>(p, ignoreCase: true, out var purpose) && purpose != Purposes.None && purpose.Each().Count() == 1 && !int.TryParse(p, out _))
                    purposes |= purpose;
                else
                    problems.Add($"Unknown purpose \"{p}\" was ignored.");

        var training = TrainingStatusFilter.Any;
        if (One("training") is { } t)
        {
            // One status: Enum.TryParse would read "quarantined,any" (the parameter given twice) as the two values or-ed together.
            if (!t.Contains(',') && Enum.TryParse(t, ignoreCase: true, out TrainingStatusFilter parsed) && Enum.IsDefined(parsed) && !int.TryParse(t, out _))
                training = parsed;
            else
                problems.Add($"Unknown training status \"{t}\" was ignored.");
        }

        var filter = new RecordFilter
        {
            Kinds = kinds.Distinct().ToList(),
            Purposes = purposes,
            Application = Plain(One("app"), "application", problems),
            Site = Plain(One("site"), "site", problems),
            From = Date(One("from"), "from", problems),
            To = Date(One("to"), "to", problems),
            Training = training,
            Flagged = Bool(One("flagged"), "flagged", problems),
            Deleted = Bool(One("deleted"), "deleted", problems),
            Text = Plain(One("q"), "search text", problems),
        };
        problems.AddRange(filter.Validate());
        return (filter, problems);
    }

    /// <summary>The query string (without "?") for a filter; empty members are left out.</summary>
    public static string ToQuery(RecordFilter filter)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        foreach (var kind in filter.Kinds)
            Add("kind", kind.ToString().ToLowerInvariant());
        foreach (var purpose in filter.Purposes.Each())
            Add("purpose", purpose.ToString().ToLowerInvariant());
        Add("app", filter.Application);
        Add("site", filter.Site);
        Add("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (filter.Training != TrainingStatusFilter.Any)
            Add("training", filter.Training.ToString().ToLowerInvariant());
        Add("flagged", filter.Flagged?.ToString().ToLowerInvariant());
        Add("deleted", filter.Deleted?.ToString().ToLowerInvariant());
        Add("q", filter.Text);
        return string.Join('&', parts);
    }

    /// <summary>Text to match in the store; with a control character in it (PostgreSQL refuses NUL outright) it is reported and dropped.</summary>
    private static string? Plain(string? text, string what, List<string> problems)
    {
        if (text is null || PlainText.Problem(text) is not { } problem)
            return text;
        problems.Add($"The {what} filter cannot be used as written and was ignored. {problem}");
        return null;
    }

    private static DateOnly? Date(string? text, string name, List<string> problems)
    {
        if (text is null)
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        problems.Add($"\"{name}\" must be a date like 2026-11-20; \"{text}\" was ignored.");
        return null;
    }

    private static bool? Bool(string? text, string name, List<string> problems)
    {
        if (text is null)
            return null;
        if (bool.TryParse(text, out var value))
            return value;
        problems.Add($"\"{name}\" must be true or false; \"{text}\" was ignored.");
        return null;
    }
}
