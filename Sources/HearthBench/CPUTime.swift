import Foundation

/// Median CPU time of this thread over `runs` executions, in milliseconds: unlike wall time, it
/// does not grow when other processes share the cores.
func measureCPU(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<runs {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        samples.append(Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1e6)
    }
    return samples.sorted()[samples.count / 2]
}
