using System.Globalization;

namespace Transparency.Benchmarks.Harness;

/// <summary>What Linux's /proc says about a process (its status and stat lines) and about the machine's memory.</summary>
public static class ProcFs
{
    /// <summary>One field of /proc/&lt;pid&gt;/status in kB (VmRSS, VmHWM, RssAnon, RssFile) or as a count (Threads).</summary>
    public static long Status(int pid, string key) => Field(File.ReadLines($"/proc/{pid}/status"), key);

    /// <summary>MemAvailable of /proc/meminfo in kB.</summary>
    public static long AvailableKb() => Field(File.ReadLines("/proc/meminfo"), "MemAvailable");

    /// <summary>Pss of /proc/&lt;pid&gt;/smaps_rollup in kB: the process's resident pages, shared ones divided among their sharers.</summary>
    public static long PssKb(int pid) => Field(File.ReadLines($"/proc/{pid}/smaps_rollup"), "Pss");

    /// <summary>
    /// Parent, command name, CPU ticks (utime + stime) and the ticks of its reaped children (cutime + cstime) from
    /// /proc/&lt;pid&gt;/stat; clock ticks are 1/100 s on Linux. Null when the process has gone.
    /// </summary>
    public static (int Parent, string Name, long Ticks, long ReapedTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        // The command name (field 2) may hold spaces; the fields after it are counted from its closing parenthesis.
        var f = text[(close + 2)..].Split(' ');
        long Number(int n) => long.Parse(f[n - 3], CultureInfo.InvariantCulture);
        return ((int)Number(4), text[(open + 1)..close], Number(14) + Number(15), Number(16) + Number(17));
    }

    public const double SecondsPerTick = 0.01;

    private static long Field(IEnumerable<string> lines, string key) =>
        long.Parse(lines.First(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
