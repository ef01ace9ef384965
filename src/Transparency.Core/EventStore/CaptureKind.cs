namespace Transparency.Core.EventStore;

/// <summary>What a capture record holds. Stored as its number: never renumber a member.</summary>
public enum CaptureKind
{
    PointerTrajectory = 1,
    Click = 2,
    Keystrokes = 3,
    ScreenSnapshot = 4,
    AppFocus = 5,
}
