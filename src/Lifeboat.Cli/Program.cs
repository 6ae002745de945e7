using Lifeboat.Cli;

return await CliApp.RunAsync(args);
