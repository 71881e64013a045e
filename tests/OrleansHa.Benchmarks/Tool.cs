using System.Diagnostics;

namespace OrleansHa.Benchmarks;

/// <summary>Runs the baselines' command-line tools (rsync, cp, sync) to completion.</summary>
internal static class Tool
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> and throws with its output when it exits non-zero.</summary>
    public static void Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {output}");
        }
    }
}
