using System.CommandLine;
using Lifeboat.Repository;
using Lifeboat.Repository.Locks;
using Lifeboat.Secrets;
using Lifeboat.Storage;

namespace Lifeboat.Cli;

/// <summary>
/// Finds the repository and its password the way restic does, and opens it: -r, then
/// $LIFEBOAT_REPOSITORY, then $RESTIC_REPOSITORY; the password from --password-file or
/// --password-command (or their environment variables), then $LIFEBOAT_PASSWORD / $RESTIC_PASSWORD,
/// else a prompt on a terminal.
/// </summary>
internal static class RepositoryAccess
{
    public static BackendRegistry Registry { get; } = BackendRegistry.CreateDefault();

    public static string ResolveLocation(CommandContext context) =>
        NonEmpty(context.Get(GlobalOptions.Repository))
        ?? NonEmpty(Environment.GetEnvironmentVariable("LIFEBOAT_REPOSITORY"))
        ?? NonEmpty(Environment.GetEnvironmentVariable("RESTIC_REPOSITORY"))
        ?? throw new ConfigurationException("no repository given: use -r/--repo, $LIFEBOAT_REPOSITORY or $RESTIC_REPOSITORY");

    public static async Task<string> ResolvePasswordAsync(CommandContext context, string purpose = "enter password for repository: ")
    {
        var file = NonEmpty(context.Get(GlobalOptions.PasswordFile))
            ?? NonEmpty(Environment.GetEnvironmentVariable("LIFEBOAT_PASSWORD_FILE"));
        var command = NonEmpty(context.Get(GlobalOptions.PasswordCommand))
            ?? NonEmpty(Environment.GetEnvironmentVariable("LIFEBOAT_PASSWORD_COMMAND"));
        if (file is not null && command is not null)
        {
            throw new UsageException("--password-file and --password-command are mutually exclusive");
        }

        if (file is not null)
        {
            return await SecretReader.FromFileAsync(file, context.CancellationToken);
        }

        if (command is not null)
        {
            return await SecretReader.FromCommandAsync(command, context.CancellationToken);
        }

        var environment = NonEmpty(Environment.GetEnvironmentVariable("LIFEBOAT_PASSWORD"));
        if (environment is not null)
        {
            return environment;
        }

        var resticFile = NonEmpty(Environment.GetEnvironmentVariable("RESTIC_PASSWORD_FILE"));
        if (resticFile is not null)
        {
            return await SecretReader.FromFileAsync(resticFile, context.CancellationToken);
        }

        var resticCommand = NonEmpty(Environment.GetEnvironmentVariable("RESTIC_PASSWORD_COMMAND"));
        if (resticCommand is not null)
        {
            return await SecretReader.FromCommandAsync(resticCommand, context.CancellationToken);
        }

        environment = NonEmpty(Environment.GetEnvironmentVariable("RESTIC_PASSWORD"));
        if (environment is not null)
        {
            return environment;
        }

        if (context.Ui.CanPrompt)
        {
            return Prompt(purpose);
        }

        throw new ConfigurationException(
            "no repository password: set LIFEBOAT_PASSWORD, use --password-file or --password-command, or run on a terminal");
    }

    /// <summary>Opens the repository named on the command line, optionally loading its index.</summary>
    public static async Task<Repository.Repository> OpenAsync(CommandContext context, bool loadIndex)
    {
        var location = ResolveLocation(context);
        var password = await ResolvePasswordAsync(context);
        var backend = WriteHooksBackend.FromEnvironment(Registry.Open(location)); // a no-op unless a crash test set one of its hooks
        var repository = await Repository.Repository.OpenAsync(backend, password, context.CancellationToken);
        context.Ui.Detail($"repository {repository.Config.Id[..Math.Min(10, repository.Config.Id.Length)]} opened (version {repository.Version})");
        if (loadIndex)
        {
            await LoadIndexAsync(context, repository);
        }

        return repository;
    }

    /// <summary><c>--no-lock</c> of the commands that only read (restore, dump).</summary>
    public static Option<bool> NoLockOption() =>
        new("--no-lock") { Description = "Do not lock the repository (for a read-only one); a prune running meanwhile may remove data being read" };

    /// <summary>
    /// For a command that reads data: a shared lock, as restic's, so no prune removes a pack while it is
    /// being read, with the index loaded while the lock settles; without a lock (<paramref name="noLock"/>)
    /// just the index. With <paramref name="settleInBackground"/> the lock is returned before it has
    /// settled (see <see cref="RepositoryLock.AcquireAsync"/>): the command confirms it before it reports success.
    /// </summary>
    public static async Task<RepositoryLock?> LockForReadingAsync(CommandContext context, Repository.Repository repository, bool noLock, bool settleInBackground = false)
    {
        if (noLock)
        {
            await LoadIndexAsync(context, repository);
            return null;
        }

        return await RepositoryLock.AcquireAsync(
            repository, exclusive: false, cancellationToken: context.CancellationToken, whileSettling: _ => LoadIndexAsync(context, repository),
            settleInBackground: settleInBackground);
    }

    /// <summary>
    /// Loads the index of an open repository. A command that adds data loads it only once it holds its
    /// lock: an index read before could list blobs a prune deletes before the lock is taken, and the
    /// command would then reference them without storing them.
    /// </summary>
    public static async Task LoadIndexAsync(CommandContext context, Repository.Repository repository)
    {
        await repository.LoadIndexAsync(context.CancellationToken);
        context.Ui.Detail($"index loaded: {repository.Index.Count} blobs in {repository.Index.PackCount} packs");
    }

    /// <summary>Reads a password from the terminal without echo.</summary>
    public static string Prompt(string prompt)
    {
        Console.Error.Write(prompt);
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (builder.Length > 0)
                {
                    builder.Length--;
                }

                continue;
            }

            builder.Append(key.KeyChar);
        }

        Console.Error.WriteLine();
        return builder.ToString();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
