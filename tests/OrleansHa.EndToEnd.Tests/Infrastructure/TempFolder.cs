namespace OrleansHa.EndToEnd.Tests.Infrastructure;

/// <summary>A fresh folder under the system's temp folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orleansha-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A silo that has not quite let go of its files; the temp folder is cleaned by the system.
        }
    }
}
