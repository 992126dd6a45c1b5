import Foundation
import Testing

/// Runs each test of a suite on a thread of its own instead of a thread of Swift's shared
/// pool. The pool is as wide as the machine has cores (two here), and swift-testing runs every
/// test on it: a test that blocks its thread (waits for a child process, a terminal, a timeout,
/// a sleep) would hold one of the only two, and the suite would wait while the cores idle. With
/// this trait such a test waits on its own thread, so the pool goes on with the rest.
///
/// At most `OwnThreads.width` such tests run at once (`HEARTH_TEST_THREADS`, default three per
/// core): enough to keep the cores busy while most of them wait, few enough that tests timed
/// against a limit (an agent's idle timeout, a kill after a delay) still run on time.
///
///     @Suite(.ownThreads) struct TerminalTests { ... }
public struct OwnThreads: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // The suite's own scope only holds its tests: each test takes a place for itself.
        guard !test.isSuite else { return try await function() }
        // A test of a serialized suite goes first when places are scarce: its suite runs one
        // test after another, so each of its waits would add to the whole run's time.
        await Self.places.take(first: test.traits.contains { $0 is ParallelizationTrait })
        do {
            try await withTaskExecutorPreference(ThreadPerJobExecutor.shared) { try await function() }
        } catch {
            await Self.places.give()
            throw error
        }
        await Self.places.give()
    }

    /// How many tests with this trait run at once.
    public static let width: Int = {
        if let text = ProcessInfo.processInfo.environment["HEARTH_TEST_THREADS"], let n = Int(text), n > 0 { return n }
        return 3 * max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    private static let places = Places(count: width)
}

extension Trait where Self == OwnThreads {
    /// Each test on a thread of its own (see `OwnThreads`): for tests that block while they wait.
    public static var ownThreads: Self { OwnThreads() }
}

/// A task executor that runs every job on a new thread: a job that blocks holds only its thread.
/// A task has at most one job waiting at a time, so a test's code still runs one step after
/// another, as on the pool.
final class ThreadPerJobExecutor: TaskExecutor {
    static let shared = ThreadPerJobExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let thread = Thread { job.runSynchronously(on: executor) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// A counting semaphore for tasks: `take` suspends (it never blocks a thread) until a place is
/// free; those that asked to go `first` get the next free places, in the order they asked.
actor Places {
    private var free: Int
    private var waitingFirst: [CheckedContinuation<Void, Never>] = []
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func take(first: Bool) async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { first ? waitingFirst.append($0) : waiting.append($0) }
    }

    func give() {
        if !waitingFirst.isEmpty {
            waitingFirst.removeFirst().resume()
        } else if !waiting.isEmpty {
            waiting.removeFirst().resume()
        } else {
            free += 1
        }
    }
}
