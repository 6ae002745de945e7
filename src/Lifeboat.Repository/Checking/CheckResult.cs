namespace Lifeboat.Repository.Checking;

/// <summary>What a check looked at and what it found.</summary>
public sealed class CheckResult
{
    public List<CheckProblem> Problems { get; } = [];

    public int Snapshots { get; set; }

    public int Packs { get; set; }

    public int Trees { get; set; }

    public int PacksRead { get; set; }

    public int ErrorCount => Problems.Count(p => p.IsError);

    public bool HasErrors => ErrorCount > 0;
}
