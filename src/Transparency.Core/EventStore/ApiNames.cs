using System.Collections.Concurrent;
using System.Collections.Frozen;
using PurposeSet = Transparency.Core.EventStore.Purposes;
using TagSet = Transparency.Core.EventStore.SensitivityTags;

namespace Transparency.Core.EventStore;

/// <summary>
/// The words the APIs use for the store's enums: what a capture agent sends to ingestion and what the training
/// pipeline reads in an export line ("keystrokes", "modelTraining", "passwordField"). One table per enum, read in both
/// directions, so what ingestion accepts and what the export writes cannot drift apart.
/// </summary>
/// <remarks>
/// The names are part of both APIs: renaming a member of an enum must not rename its word here, and a new member
/// needs a word of its own (a test holds every member to exactly one).
/// </remarks>
public static class ApiNames
{
    /// <summary>Capture kinds, e.g. <c>pointerTrajectory</c>, <c>keystrokes</c>.</summary>
    public static readonly ApiNameTable<CaptureKind> Kinds = new(
        (CaptureKind.PointerTrajectory, "pointerTrajectory"), (CaptureKind.Click, "click"), (CaptureKind.Keystrokes, "keystrokes"),
        (CaptureKind.ScreenSnapshot, "screenSnapshot"), (CaptureKind.AppFocus, "appFocus"));

    /// <summary>The single purposes, e.g. <c>modelTraining</c>; a set is a list of them.</summary>
    public static readonly ApiNameTable<PurposeSet> Purposes = new(
        (PurposeSet.OperationalTelemetry, "operationalTelemetry"), (PurposeSet.Product, "product"), (PurposeSet.ModelTraining, "modelTraining"));

    /// <summary>The single sensitivity tags, e.g. <c>passwordField</c>; a set is a list of them.</summary>
    public static readonly ApiNameTable<TagSet> Sensitivity = new(
        (TagSet.PasswordField, "passwordField"), (TagSet.Banking, "banking"), (TagSet.Health, "health"), (TagSet.WorksCouncil, "worksCouncil"));
}

/// <summary>
/// One enum's API words, both ways. For a <see cref="FlagsAttribute"/> enum the table names the single members, and a
/// set is written as the names of the members it contains, in the table's order.
/// </summary>
public sealed class ApiNameTable<T> where T : struct, Enum
{
    private readonly (T Value, string Name)[] _entries;
    private readonly FrozenDictionary<T, string> _names;
    private readonly FrozenDictionary<string, T> _values;
    // A set's names are worked out once per set rather than once per exported record.
    private readonly ConcurrentDictionary<T, IReadOnlyList<string>> _sets = new();

    internal ApiNameTable(params (T Value, string Name)[] entries)
    {
        _entries = entries;
        // ToFrozenDictionary throws on a value or a word given twice: the table is wrong, not the input.
        _names = entries.ToDictionary(e => e.Value, e => e.Name).ToFrozenDictionary();
        _values = entries.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal).ToFrozenDictionary(StringComparer.Ordinal);
        Names = entries.Select(e => e.Name).ToArray();
    }

    /// <summary>Every word, in the table's order (the order error messages list them in).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The word for one member.</summary>
    /// <exception cref="KeyNotFoundException"><paramref name="value"/> is not a single member with a word.</exception>
    public string Of(T value) => _names.TryGetValue(value, out var name)
        ? name
        : throw new KeyNotFoundException($"{typeof(T).Name} {value} has no API name.");

    /// <summary>The member a word stands for; words are case-sensitive, as the APIs document them.</summary>
    public bool TryParse(string name, out T value) => _values.TryGetValue(name, out value);

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Names"/>.</summary>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>The words of the members a flag set contains, in the table's order; bits without a word are left out.</summary>
    public IReadOnlyList<string> NamesOf(T set) => _sets.GetOrAdd(set, s =>
        _entries.Where(e => s.HasFlag(e.Value)).Select(e => e.Name).ToList().AsReadOnly());
}
