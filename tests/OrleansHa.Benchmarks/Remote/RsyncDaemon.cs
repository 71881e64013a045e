using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using OrleansHa.Benchmarks.Gateway;

namespace OrleansHa.Benchmarks.Remote;

/// <summary>
/// <c>rsync --daemon</c> on a free loopback port, with a generated config: one writable module, <c>bench</c>, whose path
/// is <see cref="ModulePath"/>; no chroot (no root needed), the pid file and log in the run's folder. Runs in the
/// foreground (<c>--no-detach</c>) so this process owns it and stops it at the end. A counting forwarder stands in
/// front of it; clients connect through <see cref="Forwarder"/>.
/// </summary>
internal sealed partial class RsyncDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _log;

    private RsyncDaemon(Process process, string modulePath, string log, CountingForwarder forwarder)
    {
        _process = process;
        _log = log;
        ModulePath = modulePath;
        Forwarder = forwarder;
    }

    /// <summary>The folder the module writes into.</summary>
    public string ModulePath { get; }

    /// <summary>The forwarder in front of the daemon; its counts are rsync's wire bytes.</summary>
    public CountingForwarder Forwarder { get; }

    /// <summary>Starts the daemon under <paramref name="root"/> and waits until it accepts connections.</summary>
    public static async Task<RsyncDaemon> StartAsync(string root, CancellationToken cancellationToken)
    {
        var modulePath = Directory.CreateDirectory(Path.Combine(root, "module")).FullName;
        var port = SecuredSilo.FreePort();
        var config = Path.Combine(root, "rsyncd.conf");
        var log = Path.Combine(root, "rsyncd.log");
        var (uid, gid) = (CurrentId("Uid:"), CurrentId("Gid:"));
        File.WriteAllText(config, string.Join('\n',
            $"pid file = {Path.Combine(root, "rsyncd.pid")}",
            $"log file = {log}",
            "use chroot = no",
            "[bench]",
            $"    path = {modulePath}",
            "    read only = no",
            // As root the daemon would switch to nobody; write as whoever runs the benchmark, as ours does.
            $"    uid = {uid}",
            $"    gid = {gid}",
            "    numeric ids = yes",
            string.Empty));

        var start = new ProcessStartInfo("rsync") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--daemon", "--no-detach", $"--config={config}", $"--port={port}", "--address=127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("rsync --daemon did not start; is rsync installed?");
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);

        // The daemon opens its socket after reading its config: try to connect until it answers, or it exits.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(endpoint, cancellationToken);
                break;
            }
            catch (SocketException) when (!process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException)
            {
                var said = process.HasExited ? await process.StandardError.ReadToEndAsync(cancellationToken) : string.Empty;
                throw new InvalidOperationException($"rsync --daemon did not listen on {endpoint} within 20 s: {said} {(File.Exists(log) ? File.ReadAllText(log) : string.Empty)}");
            }
        }

        return new RsyncDaemon(process, modulePath, log, new CountingForwarder(endpoint));
    }

    /// <summary>The rsync URL of <paramref name="target"/> in the module, through the forwarder.</summary>
    public string Url(string target) => $"rsync://127.0.0.1:{Forwarder.Endpoint.Port}/bench/{target}/";

    /// <summary>
    /// Pushes <paramref name="source"/> to <paramref name="target"/> with <c>rsync -a --stats</c> and the options given.
    /// With <paramref name="killAtUp"/>, the client is killed (SIGKILL) once that many bytes more have gone up through
    /// the forwarder, and this returns after the daemon has finished with the connection.
    /// </summary>
    public async Task<RsyncRun> PushAsync(string source, string target, string[] options, long? killAtUp, CancellationToken cancellationToken)
    {
        var (up, down) = (Forwarder.Up, Forwarder.Down);
        var start = new ProcessStartInfo("rsync") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-a", "--stats", .. options, source.TrimEnd('/') + "/", Url(target)])
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("rsync did not start");
        var killed = false;
        if (killAtUp is { } mark)
        {
            Forwarder.TripAt(up + mark, () =>
            {
                killed = true;
                process.Kill();
            });
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        Forwarder.Disarm();
        var said = await output + await errors;
        if (killed)
        {
            await Forwarder.WhenConnectionsClosedAsync().WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        }
        else if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rsync to {Url(target)} exited {process.ExitCode}: {said} {File.ReadAllText(_log)}");
        }

        return new RsyncRun(seconds, Forwarder.Up - up, Forwarder.Down - down, killed, Stat(said, "Total bytes sent"), Stat(said, "Total bytes received"), Stat(said, "Literal data"), Stat(said, "Matched data"));
    }

    public async ValueTask DisposeAsync()
    {
        await Forwarder.DisposeAsync();
        if (!_process.HasExited)
        {
            // SIGTERM, so the daemon removes its pid file; it exits at once.
            Tool.Run("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>A figure of rsync's --stats (e.g. "Total bytes sent: 1,234"), or null when it printed none (killed).</summary>
    private static long? Stat(string output, string name)
    {
        var match = StatLine().Matches(output).FirstOrDefault(m => m.Groups[1].Value == name);
        return match is null ? null : long.Parse(match.Groups[2].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    private static int CurrentId(string field)
    {
        var line = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^([A-Za-z ]+): ([0-9,]+)", RegexOptions.Multiline)]
    private static partial Regex StatLine();
}
