namespace OrleansHa.Runtime.Tests.Grains;

public interface ICopyGrain : IGrainWithStringKey
{
    /// <summary>Keeps the list as given.</summary>
    Task KeepAsync(List<int> values);

    /// <summary>Keeps the list as given; the caller promises not to change it.</summary>
    Task KeepImmutableAsync([Immutable] List<int> values);

    /// <summary>Returns the kept list itself.</summary>
    Task<List<int>> GetKeptAsync();

    /// <summary>The count of the kept list, read inside the grain.</summary>
    Task<int> CountKeptAsync();
}

public sealed class CopyGrain : Grain, ICopyGrain
{
    private List<int> _kept = [];

    public Task KeepAsync(List<int> values)
    {
        _kept = values;
        return Task.CompletedTask;
    }

    public Task KeepImmutableAsync(List<int> values)
    {
        _kept = values;
        return Task.CompletedTask;
    }

    public Task<List<int>> GetKeptAsync() => Task.FromResult(_kept);

    public Task<int> CountKeptAsync() => Task.FromResult(_kept.Count);
}
