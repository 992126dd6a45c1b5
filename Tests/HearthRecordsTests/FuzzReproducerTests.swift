import Foundation
import Testing

/// CI runs the suite, not the fuzzers (Docs/SECURITY.md, "Fuzzing"), so every reproducer a fuzzer
/// saved in Fuzz/Crashes must be replayed by an ordinary test, or a fixed crash could come back
/// unseen. A reproducer saved for a target the suite does not replay fails here, naming the target.
struct FuzzReproducerTests {
    /// Targets whose reproducers the suite replays, and the test that does.
    static let replayed = ["query": "SearchQuerySafetyTests.theFuzzersSavedQueriesRunClean"]

    @Test func everySavedReproducerIsReplayedBySomeTest() throws {
        let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Crashes")
        let targets = try FileManager.default.contentsOfDirectory(atPath: crashes.path)
        #expect(!targets.isEmpty)
        for target in targets.sorted() where Self.replayed[target] == nil {
            let files = try FileManager.default.contentsOfDirectory(atPath: crashes.appendingPathComponent(target).path)
                .filter { !$0.hasPrefix(".") }
            #expect(files.isEmpty, "Fuzz/Crashes/\(target) holds \(files.count) reproducer(s) no test replays: add one beside \(Self.replayed["query"]!)")
        }
    }
}
