namespace Lifeboat.Repository.Tests.Snapshots;

/// <summary>
/// The deterministic backup schedule of <see cref="ResticHistoryFixture"/> (about 200 backups,
/// December 2021 to December 2024). Every time is distinct, so restic's order of snapshots taken at
/// the same instant (the order it happens to list them in) never matters.
/// </summary>
internal static class HistoryPlan
{
    public static List<PlannedBackup> Build()
    {
        var random = new Random(20241231);
        var plan = new List<PlannedBackup>();
        var used = new HashSet<DateTime>();

        void Add(DateTime time, string host, string tags, params string[] paths)
        {
            while (!used.Add(time))
            {
                time = time.AddSeconds(1);
            }

            plan.Add(new PlannedBackup(time, host, tags.Length == 0 ? [] : tags.Split(' '), paths));
        }

        DateTime Around(DateTime day, int hour) =>
            day.Date.AddHours(hour).AddMinutes(random.Next(60)).AddSeconds(random.Next(60));

        // alpha, path A: sparse in 2022, every two to three weeks until autumn 2024, then every few days.
        for (var day = new DateTime(2022, 1, 9); day < new DateTime(2023, 1, 1); day = day.AddDays(random.Next(8, 21)))
        {
            Add(Around(day, 2), "alpha", "daily", "A");
        }

        for (var day = new DateTime(2023, 1, 4); day < new DateTime(2024, 11, 1); day = day.AddDays(random.Next(10, 21)))
        {
            Add(Around(day, 2), "alpha", random.Next(5) == 0 ? "important,daily" : "daily", "A");
        }

        for (var day = new DateTime(2024, 11, 2); day < new DateTime(2024, 12, 31); day = day.AddDays(random.Next(1, 4)))
        {
            Add(Around(day, random.Next(0, 3) * 8), "alpha", "daily", "A");
        }

        // Hourly bursts (several snapshots in one hour now and then).
        foreach (var start in new[] { new DateTime(2023, 6, 14, 8, 5, 0), new DateTime(2024, 12, 20, 6, 40, 0) })
        {
            var time = start;
            for (var i = 0; i < 9; i++)
            {
                Add(time, "alpha", "hourly", "A");
                time = time.AddMinutes(random.Next(20, 80));
            }
        }

        // Calendar edges: year end in ISO week 52, leap day, month ends that Go's AddDate normalises,
        // the newest snapshot on the 31st, and one in the future that keep-within must not measure from.
        Add(new DateTime(2021, 12, 31, 23, 59, 59), "alpha", "daily", "A");
        Add(new DateTime(2022, 1, 1, 0, 0, 1), "alpha", "daily", "A");
        Add(new DateTime(2022, 1, 2, 12, 0, 0), "alpha", "daily", "A");
        Add(new DateTime(2022, 1, 3, 0, 30, 0), "alpha", "daily", "A");
        Add(new DateTime(2024, 2, 29, 12, 0, 0), "alpha", "daily", "A");
        Add(new DateTime(2024, 3, 1, 1, 0, 0), "alpha", "daily", "A");
        Add(new DateTime(2024, 3, 2, 12, 0, 0), "alpha", "daily", "A");
        Add(new DateTime(2024, 11, 30, 20, 0, 0), "alpha", "daily", "A");
        Add(new DateTime(2024, 12, 1, 10, 0, 0), "alpha", "daily", "A");
        Add(new DateTime(2024, 12, 31, 23, 30, 0), "alpha", "daily", "A");
        Add(new DateTime(2099, 6, 1, 12, 0, 0), "alpha", "daily", "A");

        // alpha, both paths, now and then by hand.
        foreach (var day in new[] { "2022-02-14", "2022-07-01", "2022-12-24", "2023-03-15", "2023-09-30", "2024-01-01", "2024-06-06", "2024-12-24" })
        {
            Add(Around(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture), 15), "alpha", "manual", "A", "B");
        }

        // beta, path B: a first year, a seven-month gap, then again, with an hourly burst.
        for (var day = new DateTime(2022, 3, 1); day < new DateTime(2023, 3, 1); day = day.AddDays(random.Next(10, 26)))
        {
            Add(Around(day, 4), "beta", random.Next(3) == 0 ? "" : "nightly", "B");
        }

        for (var day = new DateTime(2023, 10, 3); day < new DateTime(2024, 12, 28); day = day.AddDays(random.Next(12, 31)))
        {
            Add(Around(day, 4), "beta", "nightly", "B");
        }

        var burst = new DateTime(2024, 5, 10, 9, 15, 0);
        for (var i = 0; i < 8; i++)
        {
            Add(burst, "beta", "hourly", "B");
            burst = burst.AddMinutes(random.Next(25, 70));
        }

        // gamma, path A: tags in both orders, several lists, and untagged; ends mid-2024.
        string[] gammaTags = ["important,daily", "manual", "", "daily,important", "daily", "important manual"];
        var n = 0;
        for (var day = new DateTime(2021, 12, 15); day < new DateTime(2024, 7, 1); day = day.AddDays(random.Next(25, 50)))
        {
            Add(Around(day, 20), "gamma", gammaTags[n++ % gammaTags.Length], "A");
        }

        // gamma, path B: a handful.
        foreach (var day in new[] { "2022-05-05", "2023-05-05", "2023-05-06", "2024-05-05", "2024-05-12" })
        {
            Add(Around(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture), 21), "gamma", "daily", "B");
        }

        return plan;
    }
}
