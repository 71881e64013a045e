using OrleansHa.Destinations;
using OrleansHa.FileSets;
using OrleansHa.Settings;
using OrleansHa.Users;

namespace OrleansHa.Benchmarks;

/// <summary>
/// The system the grain suites import: users with a home each, file sets spread over two local destinations
/// (BACKUP and DR, folders under the run's work folder), every schedule manual so no run starts by itself.
/// </summary>
internal static class BenchSettings
{
    /// <summary>A settings document of <paramref name="users"/> users with <paramref name="fileSetsPerUser"/> file sets each.</summary>
    public static SettingsDocument Document(string root, int users, int fileSetsPerUser)
    {
        var destinations = new[] { "BACKUP", "DR" }.Select(d =>
        {
            var dir = Path.Combine(root, "dest", d);
            Directory.CreateDirectory(dir);
            return new DestinationSettings(new DestinationDefinition(d, DestinationTransport.Local, dir, null, null, null), true);
        }).ToList();
        var userList = new List<UserSettings>(users);
        var fileSets = new List<FileSetSettings>(users * fileSetsPerUser);
        for (var u = 0; u < users; u++)
        {
            var name = $"u{u:00000}";
            var home = $"/srv/home/{name}";
            userList.Add(new UserSettings(new UserDefinition(name, 10_000 + u, 10_000, 5, [home]), false));
            for (var f = 0; f < fileSetsPerUser; f++)
            {
                fileSets.Add(new FileSetSettings(new FileSetDefinition(name, $"fs{f}", $"{home}/fs{f}", [], [],
                    [new FileSetTarget(f % 2 == 0 ? "BACKUP" : "DR", $"{name}/fs{f}")], "default", "manual", 1, new FileSetOptions()), false));
            }
        }

        return new SettingsDocument(SettingsDocument.FormatName, SettingsDocument.CurrentVersion, DateTimeOffset.UtcNow, userList, destinations, fileSets);
    }
}
