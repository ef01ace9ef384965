using Transparency.Core.Reports;

namespace Transparency.Web.Components.Pages.Council;

/// <summary>One row of a report table: what it is, its figures, over how many weeks (for weekly averages), and where it opens, if anywhere.</summary>
public sealed record FigureLine(string Label, FigureRow Figures, int Weeks, string? Href = null);
