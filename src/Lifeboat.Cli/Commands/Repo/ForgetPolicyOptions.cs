using System.CommandLine;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary>restic's --keep-* options.</summary>
internal sealed class ForgetPolicyOptions
{
    private readonly Option<int> _last = new("--keep-last", "-l") { Description = "Keep the last n snapshots" };
    private readonly Option<int> _hourly = new("--keep-hourly", "-H") { Description = "Keep the last n hourly snapshots" };
    private readonly Option<int> _daily = new("--keep-daily", "-d") { Description = "Keep the last n daily snapshots" };
    private readonly Option<int> _weekly = new("--keep-weekly", "-w") { Description = "Keep the last n weekly snapshots" };
    private readonly Option<int> _monthly = new("--keep-monthly", "-m") { Description = "Keep the last n monthly snapshots" };
    private readonly Option<int> _yearly = new("--keep-yearly", "-y") { Description = "Keep the last n yearly snapshots" };
    private readonly Option<string> _within = new("--keep-within") { Description = "Keep snapshots newer than this duration (e.g. 1y5m7d2h) before the latest" };
    private readonly Option<string> _withinHourly = new("--keep-within-hourly") { Description = "Keep hourly snapshots within this duration" };
    private readonly Option<string> _withinDaily = new("--keep-within-daily") { Description = "Keep daily snapshots within this duration" };
    private readonly Option<string> _withinWeekly = new("--keep-within-weekly") { Description = "Keep weekly snapshots within this duration" };
    private readonly Option<string> _withinMonthly = new("--keep-within-monthly") { Description = "Keep monthly snapshots within this duration" };
    private readonly Option<string> _withinYearly = new("--keep-within-yearly") { Description = "Keep yearly snapshots within this duration" };
    private readonly Option<string[]> _tags = new("--keep-tag") { Description = "Keep snapshots with these tags (a,b: both; repeatable)" };

    public void AddTo(Command command)
    {
        Option[] options = [_last, _within, _withinHourly, _withinDaily, _withinWeekly, _withinMonthly, _withinYearly, _tags, _daily, _weekly, _monthly, _yearly];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        // -H is --host elsewhere in restic; forget's --keep-hourly keeps only its long name here.
        _hourly.Aliases.Clear();
        command.Options.Add(_hourly);
    }

    public ForgetPolicy Build(CommandContext context) => new()
    {
        KeepLast = context.Get(_last),
        KeepHourly = context.Get(_hourly),
        KeepDaily = context.Get(_daily),
        KeepWeekly = context.Get(_weekly),
        KeepMonthly = context.Get(_monthly),
        KeepYearly = context.Get(_yearly),
        KeepWithin = Duration(context.Get(_within), "--keep-within"),
        KeepWithinHourly = Duration(context.Get(_withinHourly), "--keep-within-hourly"),
        KeepWithinDaily = Duration(context.Get(_withinDaily), "--keep-within-daily"),
        KeepWithinWeekly = Duration(context.Get(_withinWeekly), "--keep-within-weekly"),
        KeepWithinMonthly = Duration(context.Get(_withinMonthly), "--keep-within-monthly"),
        KeepWithinYearly = Duration(context.Get(_withinYearly), "--keep-within-yearly"),
        KeepTags = (context.Get(_tags) ?? []).Select(TagList.Parse).ToList(),
    };

    private static ResticDuration Duration(string? text, string option)
    {
        if (text is null)
        {
            return ResticDuration.Zero;
        }

        return ResticDuration.TryParse(text, out var duration, out var error)
            ? duration
            : throw new UsageException($"invalid {option} '{text}': {error}");
    }
}
