namespace Orleans.Runtime;

/// <summary>Something with a grain identity: a grain, a grain reference or an observer reference.</summary>
public interface IAddressable
{
}
