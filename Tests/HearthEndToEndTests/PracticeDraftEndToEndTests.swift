import Foundation
import HearthTestSupport
import HearthVault
import Testing

/// When the save at the end of a practice cannot happen (here: another writer holds the vault),
/// every answer is kept as one private practice draft, the message says where and the one
/// command that saves it, and `hearth practice --draft PATH` then stores exactly what was
/// typed and wipes the draft. In process, on a pseudo-terminal whose answers are typed ahead.
@Suite(.ownThreads, .enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx"))) struct PracticeDraftEndToEndTests {
    /// A pseudo-terminal with lines typed ahead (line mode hands them over one a read); what
    /// Hearth shows on it is read away as it comes, so that it never fills.
    final class TypedAhead: @unchecked Sendable {
        let leader: Int32
        let follower: Int32
        let path: String
        private let drained = DispatchSemaphore(value: 0)

        init(_ lines: [String]) throws {
            // posix_openpt, unlockpt and ptsname by hand (Glibc's module leaves them out):
            // TIOCSPTLCK unlocks the follower, TIOCGPTN gives its number.
            leader = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard leader >= 0, ioctl(leader, 0x4004_5431, &unlock) == 0, ioctl(leader, 0x8004_5430, &number) == 0 else {
                throw PracticeHarness.HarnessError.failed("no pseudo-terminal")
            }
            path = "/dev/pts/\(number)"
            // Held open for the whole run, so that the typed-ahead lines stay queued.
            follower = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
            var size = winsize(ws_row: 40, ws_col: 200, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(follower, UInt(TIOCSWINSZ), &size)
            // Ctrl-D after the last line: a question the test did not expect ends the flow
            // instead of waiting for ever.
            let typed = lines.map { $0 + "\n" }.joined() + "\u{04}"
            _ = typed.withCString { write(leader, $0, strlen($0)) }
            let fd = leader
            let done = drained
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
                done.signal()
            }
        }

        func close() {
            Glibc.close(follower)
            drained.wait()
            Glibc.close(leader)
        }
    }

    /// Runs `hearth ARGS` in process on a terminal with `answers` typed ahead, while another
    /// writer holds the vault's lock (`HEARTH_LOCK_TIMEOUT=0`: busy at once).
    static func whileBusy(_ h: PracticeHarness, _ arguments: [String], answers: [String]) throws -> ProcessResult {
        let lockPath = try WriterLock.lockPath(for: h.vault, environment: h.environment())
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        defer { close(lock) }
        guard lock >= 0, flock(lock, LOCK_EX) == 0 else { throw PracticeHarness.HarnessError.failed("lock") }
        let terminal = try TypedAhead(answers)
        defer { terminal.close() }
        return InProcessHearth.run(arguments, environment: h.environment(["HEARTH_LOCK_TIMEOUT": "0"]), terminal: .device(terminal.path))
    }

    /// Runs `hearth ARGS` in process on a terminal with `answers` typed ahead.
    static func whileFree(_ h: PracticeHarness, _ arguments: [String], answers: [String]) throws -> ProcessResult {
        let terminal = try TypedAhead(answers)
        defer { terminal.close() }
        return InProcessHearth.run(arguments, environment: h.environment(), terminal: .device(terminal.path))
    }

    /// The draft's path the message names, after checking that it says what was kept and how to save it.
    static func keptDraft(_ run: ProcessResult, _ h: PracticeHarness) throws -> String {
        let err = run.err
        #expect(run.status == 75, "\(err)")
        #expect(err.contains("Everything you wrote in this practice is kept at"), "\(err)")
        let path = try #require(err.components(separatedBy: "hearth practice --draft ").last?.components(separatedBy: "`").first)
        #expect(path.hasPrefix(h.runtime + "/hearth-draft-") && path.hasSuffix("/practice.json"), "\(err)")
        return path
    }

    @Test func reflectForSeveralPeopleIsKeptWholeWhenTheVaultIsBusyAndSavedLater() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let sam = try h.add("people", json: #"{"name": "Sam", "notes": "Met at the choir"}"#)
        let zoe = try h.add("people", json: #"{"name": "Zoë"}"#)
        let run = try Self.whileBusy(h, ["practice", "reflect"], answers: [
            "", "keep-sam-listens", "keep-sam-real", "", "4", "keep-zoe-listens", "", "keep-zoe-noticed", "2", "Zoë",
        ])
        let path = try Self.keptDraft(run, h)
        #expect(!PracticeHarness.anyFile(under: h.folder, contains: "keep-sam"), "nothing typed reaches the disk")
        #expect(try (h.show("people", sam)["steadiness_history"] as? [Any])?.isEmpty == true, "nothing was stored while busy")

        // A practice begun later says where the kept answers wait (their message may never have been seen).
        let later = try Self.whileFree(h, ["practice", "notice"], answers: ["", "", ""])
        #expect(later.status == 0 && later.err.contains("What you wrote in an earlier practice is kept at \(path).\n`hearth practice --draft \(path)` saves it"),
                "\(later.err)")

        let saved = try h.run(["practice", "--draft", path])
        #expect(saved.status == 0 && saved.err.contains("Saved what you wrote in the practice; its draft is wiped."), "\(saved.err)")
        #expect(!FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent), "the draft is wiped once saved")
        let samNow = try h.show("people", sam)
        let zoeNow = try h.show("people", zoe)
        let samNotes = try #require(samNow["notes"] as? String)
        #expect(samNotes.hasPrefix("Met at the choir\n") && samNotes.contains("keep-sam-listens") && samNotes.contains("keep-sam-real"))
        #expect((samNow["steadiness_history"] as? [[String: Any]])?.map { $0["steadiness"] as? Int } == [4])
        let zoeNotes = try #require(zoeNow["notes"] as? String)
        #expect(zoeNotes.contains("keep-zoe-listens") && zoeNotes.contains("keep-zoe-noticed") && zoeNotes.contains("feels a little safer"))
        #expect((zoeNow["steadiness_history"] as? [[String: Any]])?.map { $0["steadiness"] as? Int } == [2])
        #expect(zoeNow["tags"] as? [String] == ["a-little-safer"] && samNow["tags"] as? [String] == [])

        let again = try h.run(["practice", "--draft", path])
        #expect(again.status == 66 && again.err.contains("There is no draft at"), "\(again.err)")
    }

    @Test func shareAfterIntoAnEarlierConnectionIsKeptAndSavedIntoTheVaultAsItIsThen() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let sam = try h.add("people", json: #"{"name": "Sam"}"#)
        let share = try h.add("connect", json: "{\"people\": [\"\(sam)\"], \"shared\": \"that the week was hard\", \"share_depth\": 2}")
        let run = try Self.whileBusy(h, ["practice", "share", "--after"], answers: ["attuned", "settled", "3", "keep-after"])
        let path = try Self.keptDraft(run, h)
        #expect(try h.show("connect", share)["response"] is NSNull)

        // Meanwhile, the share is tagged elsewhere: saving the draft keeps that.
        let tagged = try h.run(["connect", "edit", share, "--json"], stdin: #"{"tags": ["with-sam"]}"#)
        #expect(tagged.status == 0, "\(tagged.err)")
        let saved = try h.run(["practice", "--draft", path])
        #expect(saved.status == 0, "\(saved.err)")
        let c = try h.show("connect", share)
        #expect(c["response"] as? String == "attuned" && c["state_after"] as? String == "settled" && c["activation_after"] as? Int == 3, "\(c)")
        #expect(c["notes"] as? String == "keep-after" && c["tags"] as? [String] == ["with-sam"], "\(c)")
    }

    @Test func aDraftAboutARecordDeletedMeanwhileSavesTheRestAndKeepsThatPartToRead() throws {
        let h = try PracticeHarness(mode: .inProcess)
        let sam = try h.add("people", json: #"{"name": "Sam"}"#)
        let zoe = try h.add("people", json: #"{"name": "Zoë"}"#)
        let run = try Self.whileBusy(h, ["practice", "reflect"], answers: ["", "keep-sam", "", "", "4", "keep-zoe", "", "", "", ""])
        let path = try Self.keptDraft(run, h)
        #expect(try h.run(["people", "delete", sam]).status == 0)
        let saved = try h.run(["practice", "--draft", path])
        #expect(saved.status == 0 && saved.err.contains("Saved, except what you wrote about a record no longer in the vault (id \(sam))."), "\(saved.err)")
        #expect(try (h.show("people", zoe)["notes"] as? String)?.contains("keep-zoe") == true)
        #expect(FileManager.default.fileExists(atPath: path), "what could not be placed stays to read")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("keep-sam"))
    }
}
