using System.Diagnostics;

namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the built <c>orleansha</c> CLI as its own process, with none of the caller's ORLEANSHA_* settings.</summary>
internal static class CliProcess
{
    private static readonly string[] ClearedVariables = ["ORLEANSHA_PASSWORD", "ORLEANSHA_PASSWORD_FILE", "ORLEANSHA_SYSTEM", "ORLEANSHA_GATEWAY", "ORLEANSHA_USER", "ORLEANSHA_GROUP", "ORLEANSHA_NO_FOLLOW"];

    /// <summary>Runs the CLI with <paramref name="arguments"/>, writing <paramref name="standardInput"/> (if any) to it; gives up after a minute.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string? standardInput, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orleansha.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in ClearedVariables)
        {
            start.Environment.Remove(variable);
        }

        start.Environment["ORLEANSHA_CONFIG"] = null;
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
