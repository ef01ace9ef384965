using Microsoft.AspNetCore.Components;

namespace Transparency.Web.Components.Pages.My;

/// <summary>
/// What happened to a row of a list whose rows carry no handlers of their own: the list answers for all of them. The browser
/// names the row by its <c>data-record-id</c> (wwwroot/js/layout.js registers the events): <c>rowchange</c> when a row's
/// checkbox changes, <c>rowkeydown</c> for a key pressed on it. A page of fifty rows keeps two handlers instead of a hundred.
/// </summary>
public sealed class RowEventArgs : EventArgs
{
    /// <summary>The row's <c>data-record-id</c>; empty when the event came from anything but a row's checkbox.</summary>
    public string? Id { get; set; }

    /// <summary>Whether the row's checkbox is checked now.</summary>
    public bool Checked { get; set; }

    /// <summary>The key pressed (<c>rowkeydown</c>).</summary>
    public string? Key { get; set; }
}

// Razor finds custom events on a class named EventHandlers in a namespace the component sees.
[EventHandler("onrowchange", typeof(RowEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
[EventHandler("onrowkeydown", typeof(RowEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}
