namespace OrleansHa.Runtime.Tests.Grains;

public interface IStringKeyGrain : IGrainWithStringKey
{
    /// <summary>The key as the grain sees it.</summary>
    Task<string> GetKeyAsync();

    /// <summary>Calls GetPrimaryKeyLong on itself (wrong kind).</summary>
    Task<long> GetKeyAsLongAsync();
}

public interface IGuidKeyGrain : IGrainWithGuidKey
{
    /// <summary>The key as the grain sees it.</summary>
    Task<Guid> GetKeyAsync();
}

public interface IIntegerKeyGrain : IGrainWithIntegerKey
{
    /// <summary>The key as the grain sees it.</summary>
    Task<long> GetKeyAsync();
}

public interface IGuidCompoundKeyGrain : IGrainWithGuidCompoundKey
{
    /// <summary>The key and extension as the grain sees them.</summary>
    Task<string> GetKeyAsync();
}

public interface IIntegerCompoundKeyGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>The key and extension as the grain sees them.</summary>
    Task<string> GetKeyAsync();
}

public sealed class StringKeyGrain : Grain, IStringKeyGrain
{
    public Task<string> GetKeyAsync() => Task.FromResult(this.GetPrimaryKeyString());

    public Task<long> GetKeyAsLongAsync() => Task.FromResult(this.GetPrimaryKeyLong());
}

public sealed class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public Task<Guid> GetKeyAsync() => Task.FromResult(this.GetPrimaryKey());
}

public sealed class IntegerKeyGrain : Grain, IIntegerKeyGrain
{
    public Task<long> GetKeyAsync() => Task.FromResult(this.GetPrimaryKeyLong());
}

public sealed class GuidCompoundKeyGrain : Grain, IGuidCompoundKeyGrain
{
    public Task<string> GetKeyAsync() => Task.FromResult($"{this.GetPrimaryKey(out var ext)}+{ext}");
}

public sealed class IntegerCompoundKeyGrain : Grain, IIntegerCompoundKeyGrain
{
    public Task<string> GetKeyAsync() => Task.FromResult($"{this.GetPrimaryKeyLong(out var ext)}+{ext}");
}
