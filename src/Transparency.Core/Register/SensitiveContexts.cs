using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Register;

/// <summary>
/// A sensitive context as configuration states it (<c>Ingestion:SensitiveContexts</c>): a tag and the applications (exact, any
/// case), sites (that host or any sub-domain) and window-title phrases (any case) that carry it. Configuration only seeds the
/// store's list once; the privacy officer keeps it from then on.
/// </summary>
public sealed class SensitiveContext
{
    public string Tag { get; set; } = "";
    public List<string> Applications { get; set; } = [];
    public List<string> Sites { get; set; } = [];
    public List<string> WindowTitleContains { get; set; } = [];

    /// <summary>The tag named, or a start-up refusal naming the setting.</summary>
    public SensitivityTags TagValue =>
        Enum.TryParse<SensitivityTags>(Tag, ignoreCase: true, out var tag) && tag != SensitivityTags.None && Enum.IsDefined(tag) && !int.TryParse(Tag, out _)
            ? tag
            : throw new InvalidOperationException(
                $"Ingestion:SensitiveContexts has an unknown Tag '{Tag}'; use one of {string.Join(", ", SensitiveContextList.Tags)}.");

    public IEnumerable<SensitiveContextRule> Rules() =>
        Applications.Select(a => new SensitiveContextRule(TagValue, SensitiveMatch.Application, a))
            .Concat(Sites.Select(s => new SensitiveContextRule(TagValue, SensitiveMatch.Site, s)))
            .Concat(WindowTitleContains.Select(w => new SensitiveContextRule(TagValue, SensitiveMatch.WindowTitle, w)));
}

/// <summary>One entry of the list: records captured where <paramref name="Value"/> matches get <paramref name="Tag"/>.</summary>
public sealed record SensitiveContextRule(SensitivityTags Tag, SensitiveMatch Match, string Value);

/// <summary>The list as it stands at one version: what ingestion tags records by.</summary>
public sealed class SensitiveContextMatcher(int version, IReadOnlyList<SensitiveContextRule> rules)
{
    /// <summary>How many versions the list has had: the seed is 1, each change adds one.</summary>
    public int Version { get; } = version;
    public IReadOnlyList<SensitiveContextRule> Rules { get; } = rules;

    /// <summary>The tags of every context a record captured in this application, site and window matches.</summary>
    public SensitivityTags TagsOf(string application, string? site, string? windowTitle) =>
        Rules.Where(r => r.Match switch
            {
                SensitiveMatch.Application => string.Equals(r.Value, application, StringComparison.OrdinalIgnoreCase),
                SensitiveMatch.Site => site is not null && (site.Equals(r.Value, StringComparison.OrdinalIgnoreCase)
                                                           || site.EndsWith("." + r.Value.TrimStart('.'), StringComparison.OrdinalIgnoreCase)),
                SensitiveMatch.WindowTitle => windowTitle is not null && windowTitle.Contains(r.Value, StringComparison.OrdinalIgnoreCase),
                _ => false,
            })
            .Aggregate(SensitivityTags.None, (tags, r) => tags | r.Tag);
}

/// <summary>What a change to the list did.</summary>
public sealed record SensitiveContextChange(bool Changed, string Summary);

/// <summary>
/// The sensitive contexts, kept in the store and versioned in the register's history: seeded from configuration the first
/// time the store is used, then changed only by the privacy officer. A change binds records arriving after it (ingestion
/// reads the list's version in every batch); records already held keep the tags they arrived with, so a change never makes a
/// withheld record eligible.
/// </summary>
public sealed class SensitiveContextList(IDbContextFactory<TransparencyDbContext> contexts, IReadOnlyList<SensitiveContext> seed, TimeProvider clock)
{
    public const int MaxEntries = 1000;

    /// <summary>Who made the first version: not a person, the configuration it was seeded from.</summary>
    public const string Configuration = "configuration";
    public const int MaxValueLength = 300;

    /// <summary>The seed's history row: one id for every instance, so two seeding at once cannot both succeed.</summary>
    private static readonly Guid SeedId = new("5e1f5e1f-0000-4000-8000-5e1f5e1f0001");

    public static IReadOnlyList<string> Tags { get; } =
        Enum.GetValues<SensitivityTags>().Where(t => t != SensitivityTags.None && System.Numerics.BitOperations.IsPow2((int)t)).Select(t => t.ToString()).ToList();

    private volatile SensitiveContextMatcher? _current;

    /// <summary>The list now, newest version; read once per batch (a count over the index of its changes when unchanged).</summary>
    public async Task<SensitiveContextMatcher> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var version = await VersionAsync(db, ct);
        if (version == 0)
        {
            await SeedAsync(ct);
            version = await VersionAsync(db, ct);
        }
        if (_current is { } cached && cached.Version == version)
            return cached;
        var rules = await db.SensitiveContexts.AsNoTracking()
            .OrderBy(c => c.Tag).ThenBy(c => c.Match).ThenBy(c => c.Value)
            .Select(c => new SensitiveContextRule(c.Tag, c.Match, c.Value))
            .ToListAsync(ct);
        var matcher = new SensitiveContextMatcher(version, rules);
        _current = matcher;
        return matcher;
    }

    /// <summary>
    /// Writes the configured list as the first version, unless the store has one already (another instance, an earlier start).
    /// </summary>
    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await VersionAsync(db, ct) > 0)
            return;
        var rules = seed.SelectMany(s => s.Rules()).Distinct().ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.SensitiveContexts.AddRange(rules.Select(r => new SensitiveContextEntry { Id = Guid.CreateVersion7(now), Tag = r.Tag, Match = r.Match, Value = r.Value }));
        db.RegisterChanges.Add(new RegisterChange
        {
            Id = SeedId, At = now, ChangedBy = Configuration, Subject = RegisterSubject.SensitiveContexts,
            Summary = $"Sensitive contexts set up from the configuration: {rules.Count:N0} entries.", After = Snapshot(rules),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded first: its list stands.
        }
    }

    /// <summary>Replaces the list, as one versioned change; nothing is written when nothing differs.</summary>
    /// <exception cref="RegisterRefusedException">An unknown tag, an empty or too long value, text that is not plain, or too many entries.</exception>
    public async Task<SensitiveContextChange> SaveAsync(IReadOnlyList<SensitiveContextRule> rules, string officerId, CancellationToken ct = default)
    {
        if (rules.Count > MaxEntries)
            throw new RegisterRefusedException($"The list holds at most {MaxEntries:N0} entries.");
        var cleaned = new List<SensitiveContextRule>();
        foreach (var (rule, index) in rules.Select((r, i) => (r, i + 1)))
        {
            if (!Enum.IsDefined(rule.Tag) || rule.Tag == SensitivityTags.None || !System.Numerics.BitOperations.IsPow2((int)rule.Tag))
                throw new RegisterRefusedException($"Entry {index}: there is no such tag.");
            if (!Enum.IsDefined(rule.Match))
                throw new RegisterRefusedException($"Entry {index}: choose application, site or window title.");
            var value = rule.Value?.Trim() ?? "";
            if (value.Length == 0)
                throw new RegisterRefusedException($"Entry {index}: the {Words(rule.Match)} is empty.");
            if (value.Length > MaxValueLength)
                throw new RegisterRefusedException($"Entry {index}: the {Words(rule.Match)} is longer than {MaxValueLength} characters.");
            if (PlainText.Problem(value) is { } problem)
                throw new RegisterRefusedException($"Entry {index}: {problem}");
            if (rule.Match == SensitiveMatch.Site && (value.Contains('/') || value.Contains(' ') || value.Contains(':')))
                throw new RegisterRefusedException($"Entry {index}: a site is a host name such as bank.example, without https:// or a path.");
            cleaned.Add(rule with { Value = rule.Match == SensitiveMatch.Site ? value.TrimStart('.').ToLowerInvariant() : value });
        }
        var wanted = cleaned.DistinctBy(r => (r.Tag, r.Match, r.Value.ToLowerInvariant())).ToList();

        await SeedAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var held = await db.SensitiveContexts.ToListAsync(ct);
        var before = held.Select(h => new SensitiveContextRule(h.Tag, h.Match, h.Value)).ToList();
        static (SensitivityTags, SensitiveMatch, string) Key(SensitiveContextRule r) => (r.Tag, r.Match, r.Value.ToLowerInvariant());
        var added = wanted.Where(w => !before.Select(Key).Contains(Key(w))).ToList();
        var removed = before.Where(b => !wanted.Select(Key).Contains(Key(b))).ToList();
        if (added.Count == 0 && removed.Count == 0)
            return new SensitiveContextChange(false, "Nothing changed.");

        db.SensitiveContexts.RemoveRange(held.Where(h => removed.Select(Key).Contains(Key(new SensitiveContextRule(h.Tag, h.Match, h.Value)))));
        db.SensitiveContexts.AddRange(added.Select(r => new SensitiveContextEntry { Id = Guid.CreateVersion7(now), Tag = r.Tag, Match = r.Match, Value = r.Value }));
        var summary = string.Join("; ", new[]
        {
            added.Count > 0 ? "Added " + string.Join(", ", added.Select(Describe)) : null,
            removed.Count > 0 ? "Removed " + string.Join(", ", removed.Select(Describe)) + " (records already tagged keep their tags)" : null,
        }.OfType<string>()) + ".";
        db.RegisterChanges.Add(new RegisterChange
        {
            Id = Guid.CreateVersion7(now), At = now, ChangedBy = officerId, Subject = RegisterSubject.SensitiveContexts,
            Summary = summary.Length > 4000 ? summary[..3999] + "…" : summary, Before = Snapshot(before), After = Snapshot(wanted),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SensitiveContextChange(true, summary);
    }

    /// <summary>The list's version: its changes are appended and never removed, so their number only grows.</summary>
    private static Task<int> VersionAsync(TransparencyDbContext db, CancellationToken ct) =>
        db.RegisterChanges.CountAsync(c => c.Subject == RegisterSubject.SensitiveContexts, ct);

    private static string Words(SensitiveMatch match) => match switch
    {
        SensitiveMatch.Application => "application",
        SensitiveMatch.Site => "site",
        _ => "window-title phrase",
    };

    private static string Describe(SensitiveContextRule r) => $"{Words(r.Match)} \"{r.Value}\" ({Policies.Words.Of(r.Tag)})";

    private static string Snapshot(IEnumerable<SensitiveContextRule> rules) => JsonSerializer.Serialize(
        rules.Select(r => new { Tag = r.Tag.ToString(), Match = r.Match.ToString(), r.Value }).OrderBy(r => r.Tag).ThenBy(r => r.Match).ThenBy(r => r.Value));
}
