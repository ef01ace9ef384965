// The layout renders on the server without a circuit; these are its moving parts, and what a page's circuit asks of the browser.

// A page's circuit keeps its state (the records list's filter) in the address bar without navigating: the entry is replaced,
// with the state Blazor keeps in it.
window.transparency = {
    replaceUrl(url) { history.replaceState(history.state, '', url); },
};

const drawerKey = 'transparency.drawer';

// The menu button opens and closes the drawer as MudDrawer does (its classes and MudLayout's), and the choice holds
// across pages until the tab is closed. On a narrow screen the drawer covers the page: it closes after a link is followed.
function drawerOpen(drawer) {
    return drawer.classList.contains('mud-drawer--open') && getComputedStyle(drawer).display !== 'none';
}

function setDrawer(open, remember) {
    const drawer = document.getElementById('app-drawer');
    const layout = drawer?.closest('.mud-layout');
    if (!drawer || !layout) return;
    drawer.classList.remove('mud-drawer--initial', open ? 'mud-drawer--closed' : 'mud-drawer--open');
    drawer.classList.add(open ? 'mud-drawer--open' : 'mud-drawer--closed');
    layout.classList.remove(open ? 'mud-drawer-close-responsive-md-left' : 'mud-drawer-open-responsive-md-left');
    layout.classList.add(open ? 'mud-drawer-open-responsive-md-left' : 'mud-drawer-close-responsive-md-left');
    document.querySelectorAll('[data-drawer-toggle]').forEach(b => b.setAttribute('aria-expanded', String(open)));
    if (remember) sessionStorage.setItem(drawerKey, open ? 'open' : 'closed');
}

function narrow() {
    return window.matchMedia('(max-width: 959px)').matches;
}

// After the server's render (a load or an enhanced navigation) the drawer is as the server drew it: open on a wide
// screen, hidden on a narrow one. A wide screen's choice is put back; the button says what the drawer shows.
function restoreDrawer() {
    const drawer = document.getElementById('app-drawer');
    if (!drawer) return;
    if (!narrow() && sessionStorage.getItem(drawerKey) === 'closed') setDrawer(false, false);
    else document.querySelectorAll('[data-drawer-toggle]').forEach(b => b.setAttribute('aria-expanded', String(drawerOpen(drawer))));
}

document.addEventListener('click', e => {
    const toggle = e.target.closest('[data-drawer-toggle]');
    if (toggle) {
        const drawer = document.getElementById('app-drawer');
        if (drawer) setDrawer(!drawerOpen(drawer), !narrow());
        return;
    }
    if (narrow() && e.target.closest('#app-drawer a')) {
        const drawer = document.getElementById('app-drawer');
        if (drawer && drawerOpen(drawer)) setDrawer(false, false);
    }
});

// A menu in a native popover (the notice bell): the arrow keys, Home and End move through its items, as in MudMenu,
// and the first key press after it opens moves into it.
document.addEventListener('keydown', e => {
    if (e.key === 'Escape' && narrow()) {
        const drawer = document.getElementById('app-drawer');
        if (drawer && drawerOpen(drawer) && !document.querySelector(':popover-open')) setDrawer(false, false);
    }
    const menu = document.querySelector('[popover][role="menu"]:popover-open');
    if (!menu || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const items = [...menu.querySelectorAll('[role="menuitem"]:not([disabled])')];
    if (items.length === 0) return;
    e.preventDefault();
    const at = items.indexOf(document.activeElement);
    const next = e.key === 'Home' ? 0
        : e.key === 'End' ? items.length - 1
        : at < 0 ? (e.key === 'ArrowUp' ? items.length - 1 : 0)
        : (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next].focus();
});

// Following an item closes its menu; so does any navigation (the popover would otherwise stay open over the new page).
document.addEventListener('click', e => {
    if (e.target.closest('[popover] [role="menuitem"]')) e.target.closest('[popover]').hidePopover?.();
});

function closePopovers() {
    document.querySelectorAll(':popover-open').forEach(p => p.hidePopover());
}

// Pages without a circuit filter and page with plain GET forms and links, which Blazor follows by fetching the new page and
// changing only what differs: an element that stays keeps the focus, but one that changes loses it to the top of the page
// (the Previous link becomes a disabled button on the first page). A form or a set of links marked data-keep-focus (a
// filter, a pager) keeps the reader where they were: on the same field, button or link if it is still there, else on the
// element the attribute names. A link with data-focus-after names where the focus goes (the panel it opened).
let focusWanted = null;
let focusPending = null;

function wantFocus(ids) {
    focusWanted = ids.filter(Boolean);
    // Only for the navigation this click or submission starts, which Blazor begins while the event is handled.
    setTimeout(() => { focusWanted = null; });
}

document.addEventListener('click', e => {
    const link = e.target.closest?.('a[href]');
    if (!link) return;
    if (link.dataset.focusAfter) wantFocus([link.dataset.focusAfter]);
    else if (link.closest('[data-keep-focus]')) wantFocus([link.id, link.closest('[data-keep-focus]').dataset.keepFocus]);
}, true);

document.addEventListener('submit', e => {
    const scope = e.target.closest?.('[data-keep-focus]');
    if (!scope) return;
    const from = scope.contains(document.activeElement) ? document.activeElement : e.submitter;
    wantFocus([from?.id, scope.dataset.keepFocus]);
}, true);

function focusAfterNavigation() {
    const ids = focusPending;
    focusPending = null;
    const target = ids?.map(id => document.getElementById(id)).find(el => el && !el.disabled);
    if (!target) return false;
    if (document.activeElement !== target) target.focus();
    return true;
}

// A period's last day, week or month (data-not-before names the field of its first) may not come before its first: the
// browser keeps the form from being sent and says why, where the server would refuse the request. The text shows under the
// field too. Dates (2026-11-20), ISO weeks (2026-W48) and months (2026-11) compare as text.
function checkPeriod(end) {
    const start = document.getElementById(end.dataset.notBefore);
    const wrong = Boolean(start?.value && end.value && end.value < start.value);
    end.setCustomValidity(wrong ? end.dataset.problem : '');
    end.setAttribute('aria-invalid', String(wrong));
    const problem = document.getElementById(`${end.id}-problem`);
    if (problem) problem.textContent = wrong ? end.dataset.problem : '';
}

document.addEventListener('input', e => {
    if (!(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) || !e.target.id) return;
    if (e.target.dataset.notBefore) checkPeriod(e.target);
    document.querySelectorAll(`[data-not-before="${CSS.escape(e.target.id)}"]`).forEach(checkPeriod);
});

// The reader's time zone, which only the browser knows, in a cookie the server reads with each request: a page rendered on
// the server shows its times in it without a circuit to ask through (LocalTimes). Written again only when it changes.
function rememberTimeZone() {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || !/^[A-Za-z][A-Za-z0-9_+\-\/]{0,63}$/.test(zone)) return;
    if (document.cookie.split('; ').includes(`tz=${zone}`)) return;
    document.cookie = `tz=${zone}; path=/; max-age=31536000; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
}

// A page rendered on the server marks what should have focus once it shows (a confirmation step, what an act did) with
// autofocus. The browser honours that on a full load only; after an enhanced navigation or form post it is moved here,
// before Blazor would focus the page's heading.
function focusMarked() {
    document.querySelector('main [autofocus]')?.focus();
}

// Lists whose rows carry no handlers of their own (the records list; RowEvents.cs): a change of a row's checkbox and a key
// pressed on it reach the list's handler, with the row named by its data-record-id. Anything else in the list names no row.
function rowOf(target) {
    return target instanceof HTMLInputElement && target.matches('li[data-record-id] > input[type="checkbox"]')
        ? target.closest('li').dataset.recordId : '';
}

function registerRowEvents() {
    window.Blazor?.registerCustomEventType('rowchange', {
        browserEventName: 'change',
        createEventArgs: e => ({ id: rowOf(e.target), checked: e.target.checked === true }),
    });
    window.Blazor?.registerCustomEventType('rowkeydown', {
        browserEventName: 'keydown',
        createEventArgs: e => ({ id: rowOf(e.target), key: e.key }),
    });
}

registerRowEvents();
restoreDrawer();
rememberTimeZone();
window.Blazor?.addEventListener('enhancednavigationstart', () => { focusPending = focusWanted; focusWanted = null; });
window.Blazor?.addEventListener('enhancedload', () => {
    closePopovers();
    restoreDrawer();
    // Where the reader asked to stay wins over what the new page marks.
    if (!focusAfterNavigation()) focusMarked();
});
