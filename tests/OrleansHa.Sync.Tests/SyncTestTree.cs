using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansHa.Sync.Tests;

/// <summary>A scratch area with a source tree, a target, a manifest and a place outside the owner's roots.</summary>
public sealed class SyncTestTree : IDisposable
{
    /// <param name="parent">Where the scratch area goes (default: the temporary folder).</param>
    public SyncTestTree(string? parent = null)
    {
        Base = Path.Combine(parent ?? Path.GetTempPath(), "ohsync-tests", Guid.NewGuid().ToString("N"));
        Root = Path.Combine(Base, "owner");
        Outside = Path.Combine(Base, "outside");
        Source = Path.Combine(Root, "src");
        Target = Path.Combine(Root, "dst");
        ManifestPath = Path.Combine(Base, "state", "manifest.bin");
        Directory.CreateDirectory(Source);
        Directory.CreateDirectory(Outside);
        Access = new AccessScope([Root]);
    }

    private int _ages;

    public string Base { get; }

    public string Root { get; }

    public string Outside { get; }

    public string Source { get; }

    public string Target { get; }

    public string ManifestPath { get; }

    public AccessScope Access { get; set; }

    public static bool IsRoot => Environment.UserName == "root" || RunText("id", "-u").Trim() == "0";

    public string Src(string relative) => Path.Combine(Source, relative);

    public string Dst(string relative) => Path.Combine(Target, relative);

    public void Write(string relative, string content, UnixFileMode? mode = null, DateTime? mtime = null)
    {
        var path = Src(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is not null)
        {
            File.SetUnixFileMode(path, mode.Value);
        }

        if (mtime is not null)
        {
            File.SetLastWriteTimeUtc(path, mtime.Value);
        }
    }

    public async Task<SyncReport> SyncAsync(
        SyncOptions? options = null,
        IReadOnlyList<string>? include = null,
        IReadOnlyList<string>? exclude = null,
        ISyncTarget? target = null,
        IProgress<SyncProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var local = target is null ? new LocalDirectoryTarget(Target, Access, (options ?? new SyncOptions()).Durable) : null;
        var engine = new SyncEngine(NullLogger<SyncEngine>.Instance, TimeProvider.System);
        var spec = new FileSetSpec(Source, include ?? [], exclude ?? [], options ?? new SyncOptions());
        return await engine.RunAsync(new SyncRequest(spec, target ?? local!, Access, ManifestPath), progress, cancellationToken);
    }

    /// <summary>One line per entry: path, kind, mode, size, mtime (100 ns ticks), content hash or link text.</summary>
    public static List<string> Snapshot(string directory, bool withTimes = true)
    {
        var lines = new List<string>();
        var root = new DirectoryInfo(directory);
        lines.Add(Describe(root, string.Empty, withTimes));
        AddChildren(root);
        lines.Sort(StringComparer.Ordinal);
        return lines;

        void AddChildren(DirectoryInfo parent)
        {
            foreach (var info in parent.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
            {
                lines.Add(Describe(info, Path.GetRelativePath(directory, info.FullName), withTimes));
                if (info is DirectoryInfo child && info.LinkTarget is null)
                {
                    AddChildren(child);
                }
            }
        }
    }

    /// <summary>
    /// Gives every directory a distinct past time, whole seconds apart from the last call's: rsync leaves a directory's
    /// time alone when it changed this very second or by less than a second, and we do not want to compare that quirk.
    /// </summary>
    public void AgeDirectories()
    {
        _ages++;
        var stamp = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(_ages).AddTicks(3_456_789);
        foreach (var dir in Directory.EnumerateDirectories(Source, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Append(Source))
        {
            if (new DirectoryInfo(dir).LinkTarget is null)
            {
                stamp = stamp.AddSeconds(-7);
                Directory.SetLastWriteTimeUtc(dir, stamp);
            }
        }
    }

    public static string Run(string file, params string[] args)
    {
        var text = RunText(file, args, out var code);
        return code == 0 ? text : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {text}");
    }

    public static string RunText(string file, params string[] args) => RunText(file, args, out _);

    public void Dispose()
    {
        try
        {
            _ = RunText("chmod", "-R", "u+rwX", Base);
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in /tmp do no harm to other tests: every tree has its own folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static string RunText(string file, string[] args, out int exitCode)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        exitCode = process.ExitCode;
        return output;
    }

    public static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static string Describe(FileSystemInfo info, string relative, bool withTimes)
    {
        var time = withTimes ? info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : "-";
        if (info.LinkTarget is { } link)
        {
            return $"{relative}|link|{link}";
        }

        var mode = Convert.ToString((int)info.UnixFileMode, 8);
        return info is FileInfo file
            ? $"{relative}|file|{mode}|{file.Length}|{time}|{Hash(file.FullName)}"
            : $"{relative}|dir|{mode}|{time}";
    }
}
