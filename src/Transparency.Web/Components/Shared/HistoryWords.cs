using Transparency.Core.EventStore;
using Transparency.Core.Records;

namespace Transparency.Web.Components.Shared;

/// <summary>A record's history in words: to the employee whose record it is ("by you"), or to the privacy officer.</summary>
public static class HistoryWords
{
    public static string Act(RecordHistoryEntry e) => (e.Kind, e.ByRule) switch
    {
        (DecisionKind.Withhold, true) => "Standing rule made",
        (DecisionKind.Release, true) => "Standing rule removed",
        (DecisionKind.Withhold, _) when e.Reason == "Undo" => "Withheld from training (undo)",
        (DecisionKind.Release, _) when e.Reason == "Undo" => "Released for training (undo)",
        (DecisionKind.Withhold, _) => "Withheld from training",
        (DecisionKind.Release, _) => "Released for training",
        (DecisionKind.Flag, _) => "Flagged",
        (DecisionKind.Unflag, _) when e.ActorRole == ActorRole.PrivacyOfficer => "Flag dismissed",
        (DecisionKind.Unflag, _) => "Flag resolved",
        (DecisionKind.Delete, _) when e.ActorRole == ActorRole.PrivacyOfficer => "Flag upheld: deleted",
        (DecisionKind.Delete, _) => "Deleted",
        (DecisionKind.Redact, _) when e.ActorRole == ActorRole.PrivacyOfficer => "Flag upheld: redacted",
        (DecisionKind.Redact, _) => "Redacted",
        (DecisionKind.LegalHold, _) => "Legal hold placed",
        (DecisionKind.LiftLegalHold, _) => "Legal hold lifted",
        _ => e.Kind.ToString(),
    };

    public static string Who(RecordHistoryEntry e, bool toTheEmployee = true) => e.ByRule ? (toTheEmployee ? "by your standing rule" : "by the employee's standing rule") : e.ActorRole switch
    {
        ActorRole.Employee => toTheEmployee ? "by you" : "by the employee",
        ActorRole.PrivacyOfficer => "by the privacy officer",
        ActorRole.HR => "by HR",
        ActorRole.WorksCouncil => "by the works council",
        ActorRole.Service => "by a service",
        ActorRole.System => "automatically",
        _ => e.ActorRole.ToString(),
    };

    public static string? Detail(RecordHistoryEntry e, bool toTheEmployee = true)
    {
        var parts = new List<string>();
        if (e.ByRule && !string.IsNullOrWhiteSpace(e.Reason))
            parts.Add($"Rule: {e.Reason}.");
        else if (!string.IsNullOrWhiteSpace(e.Reason) && e.Reason != "Undo")
            parts.Add(e.Kind == DecisionKind.Flag ? $"{(toTheEmployee ? "Your" : "The employee's")} note: {e.Reason}" : $"Reason: {e.Reason}");
        if (e.RecordCount > 1)
            parts.Add($"Part of an act on {e.RecordCount:N0} records.");
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }
}
