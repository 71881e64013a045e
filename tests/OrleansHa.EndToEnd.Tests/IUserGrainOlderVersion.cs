using Orleans;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// What a client built against an older IUserGrain would hold: the same interface name on the wire (through the
/// alias) with a method whose parameters differ. The silo must refuse the call rather than guess.
/// </summary>
[Alias("OrleansHa.Users.IUserGrain")]
public interface IUserGrainOlderVersion : IGrainWithStringKey
{
    /// <summary>An older DefineAsync that took only a name.</summary>
    Task<int> DefineAsync(string name);
}
