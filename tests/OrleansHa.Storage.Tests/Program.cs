using OrleansHa.Storage.Tests.Sqlite;

namespace OrleansHa.Storage.Tests;

/// <summary>
/// The test assembly's entry point. The test host never calls it; the crash test starts this assembly with
/// <c>dotnet exec OrleansHa.Storage.Tests.dll --storage-crash-writer &lt;folder&gt;</c> as a writer to SIGKILL.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [CrashWriter.Switch, var folder])
        {
            await CrashWriter.RunAsync(folder);
            return 0;
        }

        await Console.Error.WriteLineAsync($"Usage: {CrashWriter.Switch} <folder>   (this assembly is otherwise run by the test host)");
        return 2;
    }
}
