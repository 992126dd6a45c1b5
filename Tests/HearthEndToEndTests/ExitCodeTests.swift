import Foundation
import HearthTestSupport
import HearthVault
import HearthCrypto
import Testing

/// The exit codes of Docs/CLI.md, through the built binary.
@Suite(.serialized, .ownThreads) struct ExitCodeTests {
    @Test func wrongPassphraseIs77AndChangesNothing() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        box.add("first entry")
        let before = box.bytes()
        let wrong = box.root + "/wrong"
        _ = FileManager.default.createFile(atPath: wrong, contents: Data("not the passphrase\n".utf8))
        for command in [["journal", "list"], ["journal", "add"], ["status"]] {
            let result = box.run(command + ["--vault", box.vault, "--passphrase-file", wrong], stdin: "never saved")
            #expect(result.status == 77, "\(command): \(result.err)")
            #expect(result.stdout.isEmpty)
            #expect(!result.err.isEmpty)
        }
        let viaFD = box.run(["journal", "list", "--vault", box.vault, "--passphrase-fd", "3"],
                            extraInputs: [3: Array("also wrong".utf8)])
        #expect(viaFD.status == 77, "\(viaFD.err)")
        let viaEnv = box.run(["journal", "list", "--vault", box.vault], env: ["HEARTH_PASSPHRASE": "wrong again"])
        #expect(viaEnv.status == 77, "\(viaEnv.err)")
        let viaRightFD = box.run(["journal", "list", "--vault", box.vault, "--passphrase-fd", "3"],
                                 extraInputs: [3: Array((box.passphrase + "\n").utf8)])
        #expect(viaRightFD.status == 0, "\(viaRightFD.err)")
        // No secret at all and no terminal to ask on: 77, with a hint.
        let none = box.run(["journal", "list", "--vault", box.vault])
        #expect(none.status == 77)
        #expect(none.err.contains("--passphrase-fd"))
        #expect(box.bytes() == before)
        #expect(box.ids().count == 1)
    }

    @Test func missingVaultIs66() {
        let box = Sandbox(mode: .inProcess)
        let missing = box.root + "/nowhere/none.hearth"
        for command in [["journal", "list"], ["journal", "add"], ["journal", "show", "00000000-0000-0000-0000-000000000000"]] {
            let result = box.run(command + box.unlocking(missing), stdin: "text")
            #expect(result.status == 66, "\(command): \(result.err)")
        }
        let status = box.run(["status", "--vault", missing])
        #expect(status.status == 66, "\(status.err)")
        // The default location too (XDG_DATA_HOME points into the sandbox).
        let byDefault = box.run(["status"])
        #expect(byDefault.status == 66, "\(byDefault.err)")
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(!FileManager.default.fileExists(atPath: box.root + "/nowhere"), "looking does not create folders")
    }

    @Test func unknownRecordIs66() {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        let result = box.run(["journal", "show", "7d0e3b9c-0000-4000-8000-000000000000"] + box.unlocking())
        #expect(result.status == 66, "\(result.err)")
    }

    @Test func newerFormatIs69() {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        box.add("kept safe")
        var bytes = box.bytes()
        bytes[8] = 3
        bytes = withRecomputedChecksum(bytes)
        box.write(bytes, to: box.vault)
        for command in [["journal", "list"], ["journal", "add"]] {
            let result = box.run(command + box.unlocking(), stdin: "x")
            #expect(result.status == 69, "\(command): \(result.err)")
            #expect(result.err.lowercased().contains("newer"))
            // A changed version number is also what tampering looks like (FORMAT.md, step 2).
            #expect(result.err.contains("altered") && result.err.contains("backup"), "\(result.err)")
        }
        #expect(box.run(["status", "--vault", box.vault]).status == 69)
        #expect(box.bytes() == bytes, "nothing rewritten")
    }

    @Test func initOverAnExistingVaultIs73AndLeavesItByteIdentical() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        box.add("do not lose me")
        let before = box.bytes()
        let info = try FileManager.default.attributesOfItem(atPath: box.vault)
        let other = box.root + "/other-passphrase"
        _ = FileManager.default.createFile(atPath: other, contents: Data("different\n".utf8))
        for env in [[:], ["HEARTH_VAULT": box.vault]] as [[String: String]] {
            let args = env.isEmpty ? ["init", "--vault", box.vault] : ["init"]
            let result = box.run(args + ["--kdf", "minimum", "--new-passphrase-file", other], env: env)
            #expect(result.status == 73, "\(result.err)")
        }
        #expect(box.bytes() == before)
        let after = try FileManager.default.attributesOfItem(atPath: box.vault)
        #expect(after[.modificationDate] as? Date == info[.modificationDate] as? Date)
        #expect(after[.systemFileNumber] as? Int == info[.systemFileNumber] as? Int, "same inode: not replaced")
        #expect(box.ids().count == 1)
        #expect(box.temporaries().isEmpty)

        // A file that is not a vault is not overwritten either.
        let notes = box.root + "/notes.txt"
        _ = FileManager.default.createFile(atPath: notes, contents: Data("my notes\n".utf8))
        let overText = box.run(["init", "--vault", notes, "--kdf", "minimum", "--new-passphrase-file", other])
        #expect(overText.status == 73, "\(overText.err)")
        #expect(FileManager.default.contents(atPath: notes) == Data("my notes\n".utf8))
    }

    /// Files that are not (or no longer) vaults: 65, for the commands that need a key and for
    /// `status`, which does not. Never 77, never a crash.
    @Test func damagedOrForeignFilesAre65() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        let original = box.bytes()
        let samples: [(String, [UInt8])] = [
            ("empty", []),
            ("random bytes", Random.bytes(40_000)),
            ("text file", Array(String(repeating: "Dear diary, this is plain text.\n", count: 200).utf8)),
            ("magic then noise", Array(original[0..<10]) + Random.bytes(3000)),
            ("header only", Array(original[0..<2048])),
            ("half a header", Array(original[0..<1024])),
            ("one byte short", Array(original.dropLast())),
            ("one byte more", original + [0]),
            ("a second copy appended", original + original),
        ]
        for (name, bytes) in samples {
            let path = box.root + "/sample.hearth"
            box.write(bytes, to: path)
            for command in [["journal", "list"], ["journal", "add"]] {
                let result = box.run(command + box.unlocking(path), stdin: "not saved")
                #expect(result.status == 65, "\(name), \(command): \(result.status) \(result.err)")
                #expect(result.signal == nil)
                #expect(result.stdout.isEmpty)
            }
            let status = box.run(["status", "--vault", path])
            #expect(status.status == 65, "\(name), status: \(status.err)")
            #expect((FileManager.default.contents(atPath: path).map(Array.init) ?? []) == bytes, "\(name) left as it was")
        }
    }

    /// Truncation at every chunk boundary (and around it) and at random points of a vault of
    /// several chunks: 65, before any key derivation.
    @Test func truncationAtChunkBoundariesAndRandomPointsIs65() {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        // About 300 KB of text gives a payload of several 64 KiB chunks.
        box.add(String(repeating: "A long entry that fills several chunks of the payload.\n", count: 5400))
        let original = box.bytes()
        #expect(original.count > 2048 + 4 * 65_553)
        var cuts: Set<Int> = [0, 9, 10, 2047, 2048, 2049, original.count - 1, original.count - 17]
        var boundary = 2048
        while boundary < original.count {
            cuts.formUnion([boundary, boundary + 1, boundary - 1])
            boundary += 65_536 + 17
        }
        var generator = SeededGenerator.fromEnvironment("truncation through the binary")
        for _ in 0..<12 { cuts.insert(Int.random(in: 1..<original.count, using: &generator)) }
        let path = box.root + "/cut.hearth"
        for cut in cuts.sorted() where cut < original.count {
            box.write(Array(original[0..<cut]), to: path)
            let result = box.run(["journal", "list"] + box.unlocking(path))
            #expect(result.status == 65, "cut at \(cut): \(result.status) \(result.err)")
            #expect(result.seconds < 10)
        }
        #expect(box.list().entries?.count == 1, "the original still opens")
    }

    @Test func hugeKDFCostInASlotIs65AtOnce() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        for (ops, memory) in [(UInt64(2), UInt64(1) << 40), (1 << 40, 64 << 20), (2, (1 << 30) + 1)] {
            var bytes = box.bytes()
            withUnsafeBytes(of: ops.littleEndian) { bytes.replaceSubrange(72..<80, with: $0) }
            withUnsafeBytes(of: memory.littleEndian) { bytes.replaceSubrange(80..<88, with: $0) }
            let path = box.root + "/costly.hearth"
            box.write(withRecomputedChecksum(bytes), to: path)
            let result = box.run(["journal", "list"] + box.unlocking(path), timeout: 20)
            #expect(result.status == 65, "\(ops)/\(memory): \(result.err)")
            #expect(result.seconds < 3, "refused before any key derivation (\(result.seconds) s)")
            #expect(box.run(["status", "--vault", path]).status == 65)
        }
    }

    @Test func lockContentionIs75() throws {
        let box = Sandbox(mode: .inProcess)
        box.initVault()
        box.add("before the lock")
        let before = box.bytes()
        // The writer lock of the binary's environment (its runtime folder), not beside the vault.
        let fd = open(try WriterLock.lockPath(for: box.vault, environment: box.environment), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let result = box.run(["journal", "add"] + box.unlocking(), stdin: "while someone else writes",
                             env: ["HEARTH_LOCK_TIMEOUT": "0.5"], timeout: 30)
        #expect(result.status == 75, "\(result.err)")
        #expect(result.stdout.isEmpty)
        #expect(result.seconds >= 0.5, "waited for the lock before giving up")
        #expect(result.seconds < 10)
        #expect(box.bytes() == before)
        // Readers never need the lock.
        #expect(box.list().entries?.count == 1)
        flock(fd, LOCK_UN)
        #expect(box.add("after the lock") != nil)
        #expect(box.ids().count == 2)
    }
}
