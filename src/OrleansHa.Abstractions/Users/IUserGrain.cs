using Orleans.Concurrency;

namespace OrleansHa.Users;

/// <summary>
/// One user (key: the user name). The administrator defines, suspends and removes users; a user may
/// read their own profile. Every change tells the monitor.
/// </summary>
[Alias("orleansha.user-grain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user, or updates it when <paramref name="allowUpdate"/> is true; administrator only.</summary>
    Task<UserInfo> DefineAsync(UserDefinition definition, bool allowUpdate);

    /// <summary>The profile, or null when the user does not exist; the user themself or the administrator.</summary>
    [AlwaysInterleave]
    [Idempotent]
    Task<UserInfo?> GetAsync();

    /// <summary>Suspends (true) or resumes (false) the user; administrator only.</summary>
    [Idempotent]
    Task<UserInfo> SetSuspendedAsync(bool suspended);

    /// <summary>Removes the user; refused while the user still has file sets. Administrator only.</summary>
    Task RemoveAsync();

    /// <summary>Adds or removes a file set name in the user's table (called by the file set grain).</summary>
    [Idempotent]
    Task TrackFileSetAsync(string fileSetName, bool present);
}
