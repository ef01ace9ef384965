using System.Globalization;
using Transparency.Core.EventStore;

namespace Transparency.Web.Components.Shared;

/// <summary>The org unit hierarchy as the options of a select.</summary>
public static class OrgUnitChoices
{
    /// <summary>
    /// Each unit under its parent, indented by its depth. The root's value is the empty string: choosing it asks about the
    /// whole organisation, which is what an unfiltered address means.
    /// </summary>
    public static List<(string Id, string Label)> For(IReadOnlyList<OrgUnit> units)
    {
        var options = new List<(string, string)>();
        var children = units.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!);
        void Walk(OrgUnit unit, int depth)
        {
            options.Add((depth == 0 ? "" : unit.Id, new string('\u2003', depth) + unit.Name));
            foreach (var child in children[unit.Id].OrderBy(c => c.Name, StringComparer.Create(CultureInfo.CurrentCulture, false)))
                Walk(child, depth + 1);
        }
        foreach (var root in units.Where(u => u.ParentId is null))
            Walk(root, 0);
        return options;
    }
}
