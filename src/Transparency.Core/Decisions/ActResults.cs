using Transparency.Core.EventStore;

namespace Transparency.Core.Decisions;

/// <summary>What an act would do, for the confirmation the employee reads before it.</summary>
/// <param name="Targeted">Records the target names.</param>
/// <param name="WillChange">Records whose state the act would change.</param>
/// <param name="Held">Records a legal hold keeps from deletion (delete only).</param>
/// <param name="HoldReasons">The reasons of those holds, as the privacy officer wrote them.</param>
/// <param name="Skipped">Records the act leaves out because it can never apply to them (release: password fields).</param>
public sealed record ActPreview(int Targeted, int WillChange, int Held, IReadOnlyList<string> HoldReasons, int Skipped = 0);

/// <summary>What an act did. Durable when returned.</summary>
/// <param name="DecisionId">The appended decision, or null when nothing changed (nothing is recorded then).</param>
/// <param name="Kind">The act.</param>
/// <param name="Changed">Records whose state changed.</param>
/// <param name="Held">Records a legal hold kept from deletion.</param>
/// <param name="HoldReasons">The reasons of those holds.</param>
/// <param name="Skipped">Records the act left out because it can never apply to them (release: password fields).</param>
public sealed record ActResult(Guid? DecisionId, DecisionKind Kind, int Changed, int Held, IReadOnlyList<string> HoldReasons, int Skipped = 0)
{
    public static ActResult Nothing(DecisionKind kind, int held = 0, IReadOnlyList<string>? reasons = null) =>
        new(null, kind, 0, held, reasons ?? []);
}

/// <summary>An act refused before it touched anything, with the reason to show.</summary>
public sealed class ActRefusedException(string message) : Exception(message);
