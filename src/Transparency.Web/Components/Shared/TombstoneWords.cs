using Transparency.Core.EventStore;
using Transparency.Core.Records;

namespace Transparency.Web.Components.Shared;

/// <summary>
/// How the app describes a tombstone, in one place, so the delete dialogs, the record page and what the store keeps
/// (<see cref="Tombstone.Keeps"/>) say the same thing.
/// </summary>
public static class TombstoneWords
{
    /// <summary>What deleting erases, said before it happens.</summary>
    public const string Erases =
        "Content is erased for good, and with it the summary, application, site, device, source, sensitivity tags and purposes.";

    /// <summary>What a tombstone keeps, said before a delete and on the deleted record's page.</summary>
    public const string Keeps = "A tombstone keeps only the record id, its kind, when it was captured, and when and why it was erased.";

    /// <summary>Why a tombstone's content is gone.</summary>
    public static string Why(RecordRow record, ActorRole? deletedBy) =>
        record.DeletedAt is null ? "Its retention ran out: no purpose needed it any longer, so its content was erased."
        : deletedBy switch
        {
            ActorRole.PrivacyOfficer => "The privacy officer deleted it.",
            _ => "You deleted it.",
        };
}
