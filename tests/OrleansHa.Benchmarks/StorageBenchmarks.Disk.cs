using System.Runtime.InteropServices;

namespace OrleansHa.Benchmarks;

/// <summary>Lets each measured slice start on a settled disk.</summary>
public sealed partial class StorageBenchmarks
{
    private static double Settled(Func<double> measure)
    {
        FlushDirtyPages();
        return measure();
    }

    private static Task<double> Settled(Func<Task<double>> measure)
    {
        FlushDirtyPages();
        return measure();
    }

    private static void FlushDirtyPages()
    {
        if (OperatingSystem.IsLinux())
        {
            Sync();
        }
    }

    // libc sync(2): writes every dirty page of every file to disk.
    [DllImport("libc", EntryPoint = "sync")]
    private static extern void Sync();
}
