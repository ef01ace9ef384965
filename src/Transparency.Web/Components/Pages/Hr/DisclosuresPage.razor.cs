using Microsoft.AspNetCore.Components;
using Transparency.Core.Employees;
using Transparency.Core.Policies;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Components.Pages.Hr;

/// <summary>
/// HR's disclosures: the organisation-wide file, and one employee's, found in the directory. The search, the directory's
/// page and the employee being prepared for are the address's query (<c>/hr/disclosures?q=morgan&amp;employee=E00001</c>),
/// read on each request. The page shows who people are and where they work, never anything captured about them.
/// </summary>
public sealed partial class DisclosuresPage
{
    /// <summary>The longest reason the download endpoint takes.</summary>
    public const int MaxReasonLength = 500;

    private static readonly string[] Reasons =
    [
        "Art. 15 access request from the employee",
        "The employee asked for a copy before leaving",
        "Preparing the answer to the employee's complaint",
    ];

    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public string? PageNumber { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public string? PageSize { get; set; }
    [SupplyParameterFromQuery(Name = "employee")] public string? Employee { get; set; }

    [Inject] private EmployeeDirectory Directory { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    private string? _search;
    private Paging _paging = Paging.First;
    private DirectoryPage _page = new([], 0);
    private EmployeeProfile? _chosen;
    private string? _employeeProblem;
    private readonly List<string> _problems = [];

    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    protected override async Task OnParametersSetAsync()
    {
        _problems.Clear();
        (_paging, var pagingProblems) = Paging.Parse(PageNumber, PageSize);
        _problems.AddRange(pagingProblems);

        _search = string.IsNullOrWhiteSpace(Query) ? null : Query.Trim();
        if (_search is not null && PlainText.Problem(_search) is { } notText)
        {
            // PostgreSQL refuses a NUL outright; the whole directory is shown rather than an error.
            _problems.Add($"The search cannot be used as written and was ignored. {notText}");
            _search = null;
        }

        _page = await Directory.SearchAsync(_search, _paging.Skip, _paging.Size);
        if (_paging.LastIfPast(_page.Total) is { } last)
        {
            _problems.Add($"There is no page {_paging.Page:N0}: the last page is {last.Page:N0}.");
            _paging = last;
            _page = await Directory.SearchAsync(_search, _paging.Skip, _paging.Size);
        }

        (_chosen, _employeeProblem) = (null, null);
        if (string.IsNullOrWhiteSpace(Employee))
            return;
        if (PlainText.Problem(Employee) is { } notAnId)
        {
            _employeeProblem = $"The employee id cannot be used as written. {notAnId}";
            return;
        }
        _chosen = await Directory.FindAsync(new EmployeeId(Employee));
        if (_chosen is null)
            _employeeProblem = $"There is no employee '{Employee}'. Find them with the search above.";
    }

    /// <summary>The address of a page of the directory, with the employee whose disclosure is being prepared; what is as usual is left out.</summary>
    private static string Href(string? search, Paging paging, EmployeeId? employee)
    {
        var parts = new[]
        {
            search is null ? null : "q=" + Uri.EscapeDataString(search),
        }.OfType<string>().Concat(paging.QueryParts()).ToList();
        if (employee is { } id)
            parts.Add("employee=" + Uri.EscapeDataString(id.Value));
        return parts.Count == 0 ? "/hr/disclosures" : "/hr/disclosures?" + string.Join('&', parts);
    }

    /// <summary>Where the disclosure's form asks for the file; its fields (from, to, reason) are the query.</summary>
    private static string DownloadPath(EmployeeProfile employee) => $"/hr/disclosures/{Uri.EscapeDataString(employee.Id.Value)}.pdf";
}
