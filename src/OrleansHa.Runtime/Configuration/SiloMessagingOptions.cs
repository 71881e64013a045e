namespace Orleans.Configuration;

/// <summary>Messaging options of a silo: the response timeout for calls made and received in the silo.</summary>
public class SiloMessagingOptions : MessagingOptions
{
}
