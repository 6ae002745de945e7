namespace Lifeboat;

public static class TaskExtensions
{
    /// <summary>
    /// Completes when <paramref name="task"/> does, whatever its outcome, and never throws: for waiting on
    /// work started beside something that failed, so it is never left running or its failure unobserved.
    /// </summary>
    public static Task WhenSettled(this Task task) =>
        task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
