using System.Diagnostics;

namespace Transparency.Benchmarks.Harness;

/// <summary>
/// Runs a browser that loads the app on the app's own machine without taking the CPU from it, and without its pages starving
/// the browser's shared processes.
/// <para>
/// Playwright starts the browser in a session of its own. With the kernel's autogroup scheduling a session is weighed as a
/// whole against the app's, whatever its processes' nice values, so the browser's session gets the lowest weight (nice 19)
/// and, inside it, the processes every page goes through (the browser process, which routes every message between a page
/// and the rest; the network service, which carries every request and WebSocket frame; the compositor) keep the priorities
/// Chromium gives them, while each page's renderer gets the lowest (<see cref="LowerRenderers"/>). With the whole browser
/// at nice 19, Chromium raises only its display and IO threads, and a few hundred renderers leave the network service a
/// few hundredths of the browser's share: a page's keep-alive waits in line behind every other page's rendering.
/// </para>
/// <para>Without autogroup scheduling (or renice) the whole browser runs at nice 19.</para>
/// </summary>
public static class BrowserPriority
{
    private const int Lowest = 19;
    private static readonly HashSet<int> Lowered = [];

    /// <summary>How the browser was started, for the report.</summary>
    public static string Describe(bool grouped) => grouped
        ? "started in a scheduling group of the lowest weight (its session's autogroup at nice 19) so the app and PostgreSQL come first for the CPU, " +
          "with each page's renderer at nice 19 inside it and the browser's shared processes (browser, network service, compositor) at Chromium's own priorities"
        : "started through nice -n 19 (the kernel schedules without autogroups) so the app and PostgreSQL come first for the CPU";

    /// <summary>
    /// A script that starts <paramref name="chromium"/> as the summary says, and whether its session becomes a group of the
    /// lowest weight; null without nice.
    /// </summary>
    public static (string Path, bool Grouped)? Script(string folder, string chromium)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/nice"))
            return null;
        var grouped = AutogroupsOn() && File.Exists("/usr/bin/renice");
        var path = Path.Combine(folder, "chromium");
        File.WriteAllText(path, grouped
            ? $"#!/bin/sh\necho {Lowest} > /proc/self/autogroup || exec /usr/bin/nice -n {Lowest} '{chromium}' \"$@\"\nexec '{chromium}' \"$@\"\n"
            : $"#!/bin/sh\nexec /usr/bin/nice -n {Lowest} '{chromium}' \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                   | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return (path, grouped);
    }

    /// <summary>
    /// Sets every thread of every page renderer among <paramref name="browserPids"/> not yet lowered to nice 19; threads a
    /// renderer starts later inherit it. Called as renderers appear (each browser context brings one).
    /// </summary>
    public static void LowerRenderers(IEnumerable<int> browserPids)
    {
        var threads = new List<string>();
        foreach (var pid in browserPids)
        {
            if (Lowered.Contains(pid) || !IsRenderer(pid))
                continue;
            try
            {
                threads.AddRange(Directory.EnumerateDirectories($"/proc/{pid}/task").Select(Path.GetFileName)!);
                Lowered.Add(pid);
            }
            catch (IOException)
            {
                // The renderer ended meanwhile.
            }
        }
        if (threads.Count == 0)
            return;
        // renice sets each thread named (Linux keeps a nice value per thread).
        var renice = new ProcessStartInfo("renice") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-n", $"{Lowest}", "-p", .. threads])
            renice.ArgumentList.Add(arg);
        using var process = Process.Start(renice);
        if (process is null)
            return;
        // It reports each thread: read it all, or it stops on a full pipe.
        var said = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        said.Wait();
    }

    private static bool IsRenderer(int pid)
    {
        try
        {
            // Chromium rewrites its command line as one string (its process title), so the flag is looked for, not an argument.
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(" --type=renderer", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool AutogroupsOn()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/sched_autogroup_enabled").Trim() == "1";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
