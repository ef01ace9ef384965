using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Transparency.Core.AccessLog;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Web.Auth;
using Transparency.Web.Components.Shared;
using AccessLogPage = Transparency.Core.AccessLog.AccessPage;

namespace Transparency.Web.Components.Pages.My;

/// <summary>
/// The employee's access log, newest first, a page at a time. The filter and the page are the address's query
/// (<c>/my/access?channel=HrDisclosureDownload&amp;from=2026-11-01&amp;to=2026-11-30&amp;page=2</c>), read on each request;
/// a value that cannot be used is said, not silently widened or dropped.
/// </summary>
public sealed partial class AccessPage
{
    [SupplyParameterFromQuery(Name = "channel")] public string? Channel { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public string? PageNumber { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public string? PageSize { get; set; }

    [Inject] private CurrentEmployee Current { get; set; } = null!;
    [Inject] private AccessLogService AccessLog { get; set; } = null!;

    private EmployeeProfile? _employee;
    private AccessFilter _filter = new();
    private Paging _paging = Paging.First;
    private AccessLogPage _page = new([], 0);
    private bool _rangeProblem;
    private readonly List<(Severity Severity, string Text)> _problems = [];

    /// <summary>Whether the list shows less than every access.</summary>
    private bool Filtered => _filter != new AccessFilter();

    /// <summary>Whether the address has filter values, even ones that were ignored: there is something to clear.</summary>
    private bool FilterAsked => !string.IsNullOrEmpty(Channel) || !string.IsNullOrEmpty(From) || !string.IsNullOrEmpty(To);

    protected override async Task OnParametersSetAsync()
    {
        _employee = await Current.GetAsync();
        if (_employee is null)
            return;

        _problems.Clear();
        var (paging, pagingProblems) = Paging.Parse(PageNumber, PageSize);
        _filter = new AccessFilter(ChannelOf(Channel), DateOf("from", From), DateOf("to", To));
        _problems.AddRange(pagingProblems.Select(p => (Severity.Warning, p)));
        _paging = paging;

        _rangeProblem = _filter is { From: { } from, To: { } to } && from > to;
        if (_rangeProblem)
        {
            _problems.Add((Severity.Error, $"The date range starts ({_filter.From:yyyy-MM-dd}) after it ends ({_filter.To:yyyy-MM-dd})."));
            _page = new([], 0);
            return;
        }

        _page = await AccessLog.ListAsync(_employee.Id, _filter, _paging.Skip, _paging.Size);
        if (_paging.LastIfPast(_page.Total) is { } last)
        {
            // An old link to a log that has since become shorter, or a page number typed in: the last page there is.
            _problems.Add((Severity.Warning, $"There is no page {_paging.Page:N0}: the last page is {last.Page:N0}."));
            _paging = last;
            _page = await AccessLog.ListAsync(_employee.Id, _filter, _paging.Skip, _paging.Size);
        }
    }

    private AccessChannel? ChannelOf(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (Enum.TryParse<AccessChannel>(text, ignoreCase: true, out var channel) && Enum.IsDefined(channel) && !int.TryParse(text, out _))
            return channel;
        _problems.Add((Severity.Warning, $"There is no channel \"{text}\"; accesses through every channel are shown."));
        return null;
    }

    private DateOnly? DateOf(string name, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        _problems.Add((Severity.Warning, $"\"{name}\" must be a date like 2026-11-20; \"{text}\" was ignored."));
        return null;
    }

    /// <summary>The address of a page of the log under a filter; what is as usual is left out.</summary>
    private static string Href(AccessFilter filter, Paging paging)
    {
        var parts = new[]
        {
            filter.Channel is { } c ? $"channel={c}" : null,
            filter.From is { } f ? $"from={DateValue(f)}" : null,
            filter.To is { } t ? $"to={DateValue(t)}" : null,
        }.OfType<string>().Concat(paging.QueryParts()).ToList();
        return parts.Count == 0 ? "/my/access" : "/my/access?" + string.Join('&', parts);
    }

    private static string? DateValue(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Invalid(bool invalid) => invalid ? "true" : null;

    // A disclosure states everything held at the time; other accesses name how many records they read.
    private static string RecordsRead(AccessEntry entry) => entry switch
    {
        { RecordCount: > 0 } => entry.RecordCount.ToString("N0", CultureInfo.CurrentCulture),
        { Channel: AccessChannel.HrDisclosureDownload or AccessChannel.OrganisationDisclosure } => "All held at the time",
        _ => "—",
    };
}
