using System.Diagnostics;

namespace Connector.Benchmarks.Runs;

/// <summary>Times an action several times on this thread and prints the figures against a goal.</summary>
internal static class TimedRun
{
    public static TimeSpan Median(string name, int repetitions, Action action)
    {
        action(); // warm-up: JIT and first-touch allocations
        var samples = new List<TimeSpan>(repetitions);
        var paused = GC.GetTotalPauseDuration();
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples.Add(watch.Elapsed);
        }

        // The garbage collector's share: the pauses of all timed runs, per run.
        var pausedPerRun = (GC.GetTotalPauseDuration() - paused) / repetitions;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        action();
        var perRun = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (1024.0 * 1024.0);
        var collections = $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}";
        samples.Sort();
        var median = samples[samples.Count / 2];
        Console.WriteLine($"{name}: median {median.TotalMilliseconds:F1} ms over {repetitions} runs (min {samples[0].TotalMilliseconds:F1}, max {samples[^1].TotalMilliseconds:F1}), allocates {perRun:F1} MB per run, GC pauses {pausedPerRun.TotalMilliseconds:F0} ms per run on average (GCs gen0/1/2 in one run: {collections})");
        return median;
    }

    public static void Goal(string figure, double measured, double goal, string unit)
    {
        var ratio = measured / goal;
        Console.WriteLine($"  {figure}: {measured:F1} {unit} / goal {goal:F0} {unit} = {ratio:P0} of budget — {(ratio <= 1 ? "MET" : "MISSED")}");
    }

    public static double WorkingSetMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }

    public static double PeakWorkingSetMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
