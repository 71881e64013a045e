using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansHa.Runtime.Engine;

/// <summary>Binds a [PersistentState] constructor parameter to its storage provider (a keyed <see cref="IGrainStorage"/>).</summary>
internal static class PersistentStateBinder
{
    /// <summary>The provider name used when a state names none.</summary>
    public const string DefaultProviderName = "Default";

    public static Func<ActivationData, object?> Bind(Type stateType, PersistentStateAttribute attribute, Type grainClass)
    {
        var create = typeof(PersistentStateBinder).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(stateType)
            .CreateDelegate<Func<ActivationData, string, IGrainStorage, object>>();
        var storageName = attribute.StorageName ?? DefaultProviderName;
        var stateName = attribute.StateName;
        return activation =>
        {
            var storage = activation.Runtime.Services.GetKeyedService<IGrainStorage>(storageName)
                ?? throw new BadProviderConfigException(
                    $"No grain storage provider named '{storageName}' is registered (state '{stateName}' of grain class {grainClass.FullName}). "
                    + $"Register one on the silo, e.g. AddMemoryGrainStorage(\"{storageName}\"){(storageName == DefaultProviderName ? " or AddMemoryGrainStorageAsDefault()" : string.Empty)}.");
            return create(activation, stateName, storage);
        };
    }

    private static object Create<TState>(ActivationData activation, string stateName, IGrainStorage storage)
    {
        var state = new PersistentState<TState>(stateName, activation.GrainId, storage);
        activation.AddState(state);
        return state;
    }
}
