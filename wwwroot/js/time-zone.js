// The IANA time zone the person's browser uses, so the server can show times as they read them.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
}
