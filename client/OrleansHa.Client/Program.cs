// The command-line client arrives with issue 3 (silo, gateway and client); this entry point only keeps the build whole until then.
Console.Error.WriteLine("orleansha: not built yet (issue 3).");
return 1;
