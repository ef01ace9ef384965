using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.Register;

/// <summary>One purpose as the public processing register shows it.</summary>
public sealed record PurposeEntry(
    Purposes Purpose, string Name, string Description, string LegalBasis, string Recipients,
    int RetentionDays, bool Withholdable, string FidesDataUse, IReadOnlyList<CaptureKind> Kinds, IReadOnlyList<CaptureKind> Takes);

/// <summary>The processing register: what is captured, why, on what legal basis, for whom and for how long.</summary>
public sealed class ProcessingRegister(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    // Which kinds feed which purpose is a scan of the whole store; the public page may show it a few minutes late.
    private static readonly TimeSpan FeedsLifetime = TimeSpan.FromMinutes(10);
    private sealed record CachedFeeds(DateTimeOffset At, IReadOnlyList<(CaptureKind Kind, Purposes Purposes)> Feeds);

    // Replaced whole, never mutated: a reader sees one snapshot or the next, never half of one.
    private volatile CachedFeeds? _feeds;

    /// <summary>
    /// The purposes with the capture kinds each takes (as the privacy officer set them) and those that currently feed it (from
    /// the records, not from a list in code).
    /// </summary>
    public async Task<IReadOnlyList<PurposeEntry>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var purposes = await db.Purposes.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var feeds = await FeedsAsync(db, ct);
        return purposes.Select(p => new PurposeEntry(
                p.Id, p.Name, p.Description, p.LegalBasis, p.Recipients, p.RetentionDays, p.Withholdable, p.FidesDataUse,
                feeds.Where(f => f.Purposes.HasFlag(p.Id)).Select(f => f.Kind).Distinct().Order().ToList(), p.Kinds))
            .ToList();
    }

    /// <summary>The register's history of changes, newest first.</summary>
    public async Task<IReadOnlyList<RegisterHistoryEntry>> HistoryAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RegisterChanges.AsNoTracking()
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Take(Math.Clamp(take, 1, 1000))
            .Select(c => new RegisterHistoryEntry(c.At, c.Subject, c.Purpose, c.Summary, c.ChangedBy))
            .ToListAsync(ct);
    }

    /// <summary>Forgets the cached kinds that feed each purpose, after a change that altered them.</summary>
    public void Refresh() => _feeds = null;

    /// <summary>The organisation's register of purposes. Kept in the store so that every count and PDF reads the same text.</summary>
    public static IReadOnlyList<Purpose> Defaults { get; } =
    [
        new()
        {
            Id = Purposes.OperationalTelemetry,
            Name = "Operational telemetry",
            Description = "Keeping work devices and applications running: detecting crashes, hangs and failed sign-ins, and sizing capacity.",
            LegalBasis = "GDPR Art. 6(1)(f) legitimate interest in secure, working IT; works agreement on IT operations",
            Recipients = "IT operations; the device management provider as processor",
            RetentionDays = 90,
            Withholdable = false,
            FidesDataUse = "essential.service.operations",
        },
        new()
        {
            Id = Purposes.Product,
            Name = "Product improvement",
            Description = "Improving internal tools: which features are used, where people get stuck, which workflows take longest.",
            LegalBasis = "GDPR Art. 6(1)(f) legitimate interest in usable internal tools; works agreement on product analytics",
            Recipients = "Internal product teams",
            RetentionDays = 180,
            Withholdable = false,
            FidesDataUse = "functional.service.improve",
        },
        new()
        {
            Id = Purposes.ModelTraining,
            Name = "AI model training",
            Description = "Training AI agents that operate computers, from examples of how people do their work.",
            LegalBasis = "GDPR Art. 6(1)(a) consent, which can be withdrawn at any time per record, by rule or entirely",
            Recipients = "The internal AI training team; the model-training compute provider as processor",
            RetentionDays = 365,
            Withholdable = true,
            FidesDataUse = "train_ai_system",
        },
    ];

    private async Task<IReadOnlyList<(CaptureKind Kind, Purposes Purposes)>> FeedsAsync(TransparencyDbContext db, CancellationToken ct)
    {
        if (_feeds is { } cached && clock.GetUtcNow() - cached.At < FeedsLifetime)
            return cached.Feeds;
        var rows = await db.CaptureRecords
            .GroupBy(r => new { r.Kind, r.Purposes })
            .Select(g => g.Key)
            .ToListAsync(ct);
        var feeds = rows.Select(r => (r.Kind, r.Purposes)).ToList();
        _feeds = new CachedFeeds(clock.GetUtcNow(), feeds);
        return feeds;
    }

    internal static async Task EnsurePurposesAsync(IDbContextFactory<TransparencyDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var existing = await db.Purposes.Select(p => p.Id).ToListAsync(ct);
        foreach (var purpose in Defaults.Where(p => !existing.Contains(p.Id)))
            db.Purposes.Add(new Purpose
            {
                Id = purpose.Id, Name = purpose.Name, Description = purpose.Description, LegalBasis = purpose.LegalBasis,
                Recipients = purpose.Recipients, RetentionDays = purpose.RetentionDays, Withholdable = purpose.Withholdable,
                FidesDataUse = purpose.FidesDataUse,
            });
        await db.SaveChangesAsync(ct);
    }
}
