import Foundation
import HearthTestSupport
import HearthCrypto
import HearthVault
import Testing

/// SIGKILL at random moments of passwd, key add, key remove and rekey. After every kill the
/// vault must open with the keys valid before the command or with those valid after it, and
/// hold exactly the records it held (the decrypted payload is compared byte for byte).
///
/// Kills per command: $HEARTH_KEY_KILLS (default 9: the three ways of choosing the moment take
/// turns, so every phase of each command is hit three times on every run, a third of the kills
/// while the new file is written; 45 or more in all). Long runs
/// belong to `Scripts/storm`, which kills these commands thousands of times, and to
/// `HEARTH_KEY_KILLS=200 Scripts/test --filter KeyCrashTests`.
/// Slots are kept at the cheapest cost the format allows, so each run is quick.
@Suite("Key commands killed at random moments", .ownThreads, .serialized)
struct KeyCrashTests {
    static var killsPerCommand: Int {
        Int(ProcessInfo.processInfo.environment["HEARTH_KEY_KILLS"] ?? "") ?? 9
    }

    static let fast = Argon2idParameters(opsLimit: 1, memLimitBytes: 8 << 20)

    /// A vault with about 1.5 MB of records (so that writing takes a moment too) and the
    /// plaintext it must always decrypt to.
    final class Subject {
        let cli: KeysCLI
        let plaintext: [UInt8]
        var killed = 0
        var killedWhileWriting = 0
        var completed = 0

        init(first: String) throws {
            cli = try KeysCLI()
            let file = try cli.secretFile(first)
            var text = ""
            // Large, so that kills land inside the write; one record holds at most 1 MiB.
            while text.utf8.count < 1_000_000 { text += UUID().uuidString + " a line of a long entry.\n" }
            _ = try cli.makeVault(passphraseFile: file, entry: text)
            try KeyCrashTests.makeFast(cli.vault, passphrase: first)
            plaintext = try #require(try KeyCrashTests.open(cli.vault, passphrase: first))
        }

        /// Runs `arguments` and kills it at a random moment, the three ways taking turns:
        /// anywhere within `duration`, in its last part, and just after its new temporary file
        /// appears (while the new vault is being written).
        func runKilled(_ arguments: [String], duration: Double) throws -> KeysCLI.Result {
            let stale = Set(temporaries())
            let (process, finish) = try cli.start(arguments)
            switch (killed + completed) % 3 {
            case 0: usleep(UInt32(duration * Double.random(in: 0...1) * 1_000_000))
            case 1: usleep(UInt32(duration * Double.random(in: 0.75...1.0) * 1_000_000))
            default:
                let deadline = Date().addingTimeInterval(duration * 1.5)
                while Date() < deadline, process.isRunning, Set(temporaries()).subtracting(stale).isEmpty {
                    usleep(200)
                }
                usleep(UInt32.random(in: 0...3000))
            }
            kill(process.processIdentifier, SIGKILL)
            let result = finish()
            if process.terminationReason == .uncaughtSignal {
                killed += 1
                // A temporary this run made and did not get to rename: killed mid-write.
                if !Set(temporaries()).subtracting(stale).isEmpty { killedWhileWriting += 1 }
            } else {
                completed += 1
            }
            return result
        }

        func temporaries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cli.folder)) ?? []).filter { $0.contains(".tmp-") }
        }

        /// The decrypted payload for `passphrase`, or nil when it does not open (77).
        func open(_ passphrase: String) throws -> [UInt8]? { try KeyCrashTests.open(cli.vault, passphrase: passphrase) }

        func header() throws -> VaultHeader { try Vault.readHeader(at: cli.vault).header }

        /// How long one uncut run takes (the shorter of two, which alternate `arguments` and
        /// `undo` so that the vault ends as it began).
        func time(_ arguments: [String], undo: [String]? = nil) throws -> Double {
            var best = Double.infinity
            for _ in 0..<2 {
                let start = Date()
                let result = try cli.run(arguments)
                guard result.status == 0 else { throw KeysCLIError.failed(arguments.joined(separator: " "), result) }
                best = min(best, Date().timeIntervalSince(start))
                if let undo { _ = try cli.run(undo) }
            }
            return best
        }

        func report(_ name: String) {
            print("\(name): \(killed) kills (\(killedWhileWriting) while a new file was being written), \(completed) runs finished first")
        }
    }

    /// Opens the vault with a passphrase; nil for a wrong one; any other failure throws.
    static func open(_ path: String, passphrase: String) throws -> [UInt8]? {
        let allocator = PlaintextAllocator(
            allocate: { count in UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16) },
            release: { $0.deallocate() })
        do {
            let (_, payload) = try Vault.open(
                at: path, credential: .passphrase(try SecretBytes(copying: Array(passphrase.utf8))), allocator: allocator)
            defer { UnsafeMutableRawBufferPointer(start: payload.baseAddress, count: max(1, payload.count)).deallocate() }
            return Array(payload)
        } catch VaultError.wrongSecret {
            return nil
        }
    }

    /// Re-derives the slot `passphrase` opens at the cheapest cost (test set-up, not under test).
    static func makeFast(_ path: String, passphrase: String) throws {
        let ring = try KeyRing.unlock(at: path, credential: .passphrase(try SecretBytes(copying: Array(passphrase.utf8))))
        guard ring.slot(ring.unlockedSlot)?.kdf != fast else { return }
        try ring.rederive(ring.unlockedSlot, kdf: fast)
        try ring.save(lockTimeout: 5)
    }

    @Test func passwdKilledAtRandomMoments() throws {
        let s = try Subject(first: "pass-0")
        var current = "pass-0"
        let probe = try s.cli.secretFile("pass-probe")
        let start = try s.cli.secretFile(current)
        let duration = try s.time(
            ["passwd", "--kdf", "minimum", "--passphrase-file", start, "--new-passphrase-file", probe],
            undo: ["passwd", "--kdf", "minimum", "--passphrase-file", probe, "--new-passphrase-file", start])
        try Self.makeFast(s.cli.vault, passphrase: current)
        var round = 0
        while s.killed < Self.killsPerCommand, round < Self.killsPerCommand * 3 {
            round += 1
            let next = "pass-\(round)"
            let result = try s.runKilled([
                "passwd", "--kdf", "minimum", "--passphrase-file", try s.cli.secretFile(current),
                "--new-passphrase-file", try s.cli.secretFile(next),
            ], duration: duration)
            let old = try s.open(current)
            let new = try s.open(next)
            #expect((old == nil) != (new == nil), "round \(round): exactly one passphrase must open")
            #expect((old ?? new) == s.plaintext, "round \(round): the records changed")
            if result.status == 0 { #expect(new != nil, "round \(round): passwd said done") }
            if new != nil { current = next }
            try Self.makeFast(s.cli.vault, passphrase: current)
        }
        #expect(s.killed >= Self.killsPerCommand)
        s.report("passwd")
        try finalCheck(s, passphrase: current)
    }

    @Test func keyAddAndRemoveKilledAtRandomMoments() throws {
        let s = try Subject(first: "always")
        let a = try s.cli.secretFile("always")
        let b = try s.cli.secretFile("sometimes")
        let add = ["key", "add", "--kdf", "minimum", "--passphrase-file", a, "--new-passphrase-file", b]
        let remove = ["key", "remove", "1", "--passphrase-file", a]
        let addDuration = try s.time(add, undo: remove)
        _ = try s.cli.run(add)
        let removeDuration = try s.time(remove, undo: add)
        var round = 0
        while s.killed < Self.killsPerCommand * 2, round < Self.killsPerCommand * 6 {
            round += 1
            let removing = try s.header().slots[1] != nil
            let result = try s.runKilled(removing ? remove : add, duration: removing ? removeDuration : addDuration)
            #expect(try s.open("always") == s.plaintext, "round \(round): the first passphrase must always open")
            let present = try s.header().slots[1] != nil
            let second = try s.open("sometimes")
            #expect((second != nil) == present, "round \(round): slot 1 opens exactly when it is there")
            if let second { #expect(second == s.plaintext) }
            if result.status == 0 { #expect(present == !removing, "round \(round): the command said done") }
        }
        #expect(s.killed >= Self.killsPerCommand * 2)
        s.report("key add/remove")
        try finalCheck(s, passphrase: "always")
    }

    @Test func rekeyKilledAtRandomMoments() throws {
        let s = try Subject(first: "one")
        let one = try s.cli.secretFile("one")
        let two = try s.cli.secretFile("two")
        #expect(try s.cli.run(["key", "add", "--kdf", "minimum", "--passphrase-file", one, "--new-passphrase-file", two]).status == 0)
        try Self.makeFast(s.cli.vault, passphrase: "two")
        let rekey = ["rekey", "--passphrase-file", one, "--keep-passphrase-file", two]
        let duration = try s.time(rekey)
        var round = 0
        while s.killed < Self.killsPerCommand, round < Self.killsPerCommand * 3 {
            round += 1
            let epoch = try s.header().keyEpoch
            let result = try s.runKilled(rekey, duration: duration)
            let after = try s.header().keyEpoch
            #expect(after == epoch || after == epoch + 1)
            if result.status == 0 { #expect(after == epoch + 1, "round \(round): rekey said done") }
            #expect(try s.open("one") == s.plaintext, "round \(round)")
            #expect(try s.open("two") == s.plaintext, "round \(round)")
        }
        #expect(s.killed >= Self.killsPerCommand)
        s.report("rekey")
        try finalCheck(s, passphrase: "one")
    }

    /// After the last kill, one ordinary key change succeeds and leaves no temporary file.
    private func finalCheck(_ s: Subject, passphrase: String) throws {
        let result = try s.cli.run(["key", "upgrade", "--kdf", "minimum", "--passphrase-file", try s.cli.secretFile(passphrase)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(s.temporaries().isEmpty)
        #expect(try s.open(passphrase) == s.plaintext)
    }
}
