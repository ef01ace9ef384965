using Bunit;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Web.Components.Shared.Previews;

namespace Transparency.Web.Tests.Components.Previews;

/// <summary>The record page's preview: the one that fits the record's kind, or its tombstone.</summary>
public sealed class RecordPreviewTests : PreviewContext
{
    private static readonly DateTime CapturedAt = new(2026, 11, 20, 10, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(CaptureKind.PointerTrajectory, """{"points":[[1,2,0],[3,4,10]],"screen":{"w":100,"h":100}}""", "pointer-preview")]
    [InlineData(CaptureKind.Click, """{"x":1,"y":2,"button":"left","target":{"role":"button","name":"OK"}}""", "click-preview")]
    [InlineData(CaptureKind.Keystrokes, """{"text":"hello","keyCount":5,"durationMs":900}""", "keystrokes-preview")]
    [InlineData(CaptureKind.AppFocus, """{"durationMs":60000,"windowTitle":"Inbox"}""", "focus-preview")]
    public void Shows_the_preview_of_the_records_kind(CaptureKind kind, string json, string testId)
    {
        var cut = Render<RecordPreview>(p => p.Add(c => c.Detail, Detail(kind, json)));

        Assert.Single(cut.FindAll($"[data-testid='{testId}']"));
        Assert.Empty(cut.FindAll("[data-testid='preview-unavailable']"));
    }

    [Fact]
    public void A_snapshot_shows_its_image_described_by_where_and_when_it_was_captured()
    {
        var detail = Detail(CaptureKind.ScreenSnapshot, """{"mediaType":"image/png"}""") with { Snapshot = [1, 2, 3], SnapshotMediaType = "image/png" };

        var cut = Render<RecordPreview>(p => p.Add(c => c.Detail, detail));

        Assert.Equal("Screen snapshot captured in Slack at 2026-11-20 10:30:00 UTC: Screen snapshot of Slack", cut.Find("img").GetAttribute("alt"));
    }

    [Fact]
    public void Content_of_another_kinds_shape_says_it_could_not_be_read()
    {
        var cut = Render<RecordPreview>(p => p.Add(c => c.Detail, Detail(CaptureKind.PointerTrajectory, """{"text":"hello"}""")));

        Assert.Equal(Unreadable, Text(cut.Find("[data-testid='preview-unavailable']")));
    }

    [Theory]
    [InlineData("deleted", "Deleted on 2026-11-21. You deleted it.")]
    [InlineData("purged", "Erased on 2026-11-21. Its retention ran out: no purpose needed it any longer, so its content was erased.")]
    public void An_erased_record_shows_its_tombstone_instead_of_a_preview(string how, string says)
    {
        var erasedAt = new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);
        var detail = Detail(CaptureKind.Keystrokes, null);
        var row = how == "deleted"
            ? detail.Record with { DeletedAt = erasedAt, Summary = null, Application = null }
            : detail.Record with { PurgedAt = erasedAt, Summary = null, Application = null };

        var cut = Render<RecordPreview>(p => p.Add(c => c.Detail, detail with { Record = row }));

        var tombstone = Text(cut.Find("[data-testid='tombstone']"));
        Assert.Contains(says, tombstone);
        Assert.Contains("A tombstone keeps only the record id, its kind, when it was captured, and when and why it was erased.", tombstone);
        Assert.Empty(cut.FindAll("[data-testid='keystrokes-preview']"));
    }

    [Fact]
    public void A_record_deleted_by_the_privacy_officer_says_so()
    {
        var detail = Detail(CaptureKind.Keystrokes, null);
        var row = detail.Record with { DeletedAt = new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), Summary = null, Application = null };

        var cut = Render<RecordPreview>(p => p.Add(c => c.Detail, detail with { Record = row, DeletedBy = ActorRole.PrivacyOfficer }));

        Assert.Contains("Deleted on 2026-11-21. The privacy officer deleted it.", Text(cut.Find("[data-testid='tombstone']")));
    }

    [Fact]
    public void A_redacted_record_says_its_content_is_gone_and_its_details_stay()
    {
        var detail = Detail(CaptureKind.Keystrokes, null);
        var row = detail.Record with { RedactedAt = new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), Summary = null };

        var cut = Render<RecordPreview>(p => p.Add(c => c.Detail, detail with { Record = row }));

        Assert.Contains("Content redacted on 2026-11-21 by the privacy officer.", Text(cut.Find("[data-testid='redacted']")));
        Assert.Empty(cut.FindAll("[data-testid='tombstone']"));
        Assert.Empty(cut.FindAll("[data-testid='keystrokes-preview']"));
    }

    private static RecordDetail Detail(CaptureKind kind, string? json) => new(
        new RecordRow(Guid.NewGuid(), CapturedAt, kind, "Slack", null, kind == CaptureKind.ScreenSnapshot ? "Screen snapshot of Slack" : "Something in Slack",
            Purposes.OperationalTelemetry, SensitivityTags.None, TrainingChoice.None, false, null, null, null, IneligibilityReasons.NotForTraining),
        CapturedAt, "LT-0001", "capture-agent/2.3.1", json, null, null, [], CapturedAt.AddDays(90),
        new EligibilityExplanation(false, []), [], [], [], []);
}
