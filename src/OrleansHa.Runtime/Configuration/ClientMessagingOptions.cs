namespace Orleans.Configuration;

/// <summary>Messaging options of a client: the response timeout for its calls.</summary>
public class ClientMessagingOptions : MessagingOptions
{
}
