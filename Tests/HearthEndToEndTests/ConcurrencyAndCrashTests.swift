import Foundation
import HearthTestSupport
import Testing

/// Several writers at once, and writers killed at random moments (issue 3, section 4).
@Suite(.serialized, .ownThreads) struct ConcurrencyAndCrashTests {
    /// Four writers adding 25 entries each, all at the same time: the writer lock serialises
    /// the read-change-save cycles, so none of the 100 entries is lost to another's save. Four
    /// processes of the binary, 5 each (`HEARTH_CONCURRENT_ADDS=25` for the 100 through the
    /// binary); and four writers in process, 25 each, each run opening the lock file on its own.
    @Test(arguments: [HearthRun.Mode.binary, .inProcess])
    func fourWritersAddingAtOnceLoseNothing(_ mode: HearthRun.Mode) throws {
        let perWriter = mode == .inProcess ? 25 : Int(ProcessInfo.processInfo.environment["HEARTH_CONCURRENT_ADDS"] ?? "") ?? 5
        let box = Sandbox(mode: mode)
        box.initVault()
        let lock = NSLock()
        nonisolated(unsafe) var added: [String: String] = [:]
        nonisolated(unsafe) var failures: [String] = []
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in 0..<perWriter {
                let text = "worker \(worker) entry \(i)"
                let result = box.run(["journal", "add"] + box.unlocking(), stdin: text, env: ["HEARTH_LOCK_TIMEOUT": "60"])
                lock.lock()
                if result.status == 0, let id = result.outLines.first {
                    added[id] = text
                } else {
                    failures.append("\(text): \(result.status) \(result.err)")
                }
                lock.unlock()
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(added.count == 4 * perWriter)
        let (entries, result) = box.list()
        let listed = try #require(entries, "list failed: \(result.err)")
        #expect(listed.count == 4 * perWriter)
        let listedByID = Dictionary(uniqueKeysWithValues: listed.map { ($0["id"] as? String ?? "", $0["preview"] as? String ?? "") })
        #expect(listedByID == added)
        #expect(box.temporaries().isEmpty)
        let status = box.run(["status", "--json", "--vault", box.vault])
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout)) as? [String: Any]
        #expect(object?["generation"] as? Int == 4 * perWriter, "one save per add")
    }

    /// `journal add` killed with SIGKILL at random moments, over and over: after every kill the
    /// vault opens, and every add that had exited 0 is in it. A save is a rename of a complete
    /// file, so a kill leaves the old vault or the new one, never neither; a killed save may
    /// leave a temporary file, which the next save removes.
    @Test func killingWritersAtRandomMomentsNeverLosesACommittedEntry() throws {
        let box = Sandbox()
        box.initVault()
        // A payload of some hundred KB makes each save long enough for some kills to land inside it.
        #expect(box.add(String(repeating: "Filler so that every save writes a few hundred KB.\n", count: 8_000)) != nil)
        // How long an undisturbed add takes here, so that kills land in every phase of it.
        let probe = box.run(["journal", "add"] + box.unlocking(), stdin: "probe entry")
        #expect(probe.status == 0)
        var committed = Set(probe.outLines)
        let span = max(probe.seconds, 0.05)
        var generator = SeededGenerator.fromEnvironment("kill loop")
        var killed = 0
        var finished = 0
        var killedInsideASave = 0
        for round in 0..<36 {
            // A third of the kills anywhere in the run, a third near its end, and a third the
            // moment the save's temporary file appears (in the middle of writing it).
            let delay: Double
            var killWhen: (@Sendable () -> Bool)?
            switch round % 3 {
            case 0: delay = Double.random(in: 0...(span * 1.2), using: &generator)
            case 1: delay = Double.random(in: (span * 0.7)...(span * 1.05), using: &generator)
            default:
                delay = span * 3
                let before = Set(box.temporaries())
                killWhen = { !Set(box.temporaries()).isSubset(of: before) }
            }
            let temporariesBefore = Set(box.temporaries())
            let result = box.run(
                ["journal", "add"] + box.unlocking(), stdin: "round \(round)", killAfter: delay, killWhen: killWhen)
            if result.status == 0 {
                committed.formUnion(result.outLines)
                finished += 1
            } else {
                #expect(result.signal == SIGKILL, "round \(round) failed without being killed: \(result.status) \(result.err)")
                killed += 1
                if !Set(box.temporaries()).isSubset(of: temporariesBefore) { killedInsideASave += 1 }
            }
            // The check after the kill needs no process of its own.
            let (entries, listing) = box.list(mode: .inProcess)
            #expect(entries != nil, "round \(round): the vault does not open after a kill at \(delay) s: \(listing.status) \(listing.err)")
            let present = Set(entries?.compactMap { $0["id"] as? String } ?? [])
            #expect(committed.isSubset(of: present), "round \(round): entries that were reported saved are missing")
            // An add that was killed may or may not have been saved; nothing else appears.
            #expect(present.count <= 2 + round + 1, "round \(round): more entries than adds")
        }
        print("kill loop: \(killed) killed (\(killedInsideASave) inside a save), \(finished) finished")
        #expect(killed > 0)
        // The next save cleans up what killed saves left behind.
        #expect(box.add("after the storm") != nil)
        #expect(box.temporaries().isEmpty, "stale temporaries: \(box.temporaries())")
    }
}
