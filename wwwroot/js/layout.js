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

restoreDrawer();
rememberTimeZone();
window.Blazor?.addEventListener('enhancedload', () => { closePopovers(); restoreDrawer(); focusMarked(); });
