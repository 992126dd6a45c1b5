import Foundation
import HearthTestSupport
import HearthCrypto
import HearthVault
import Testing

/// `hearth key`, `passwd` and `rekey` through the built binary.
@Suite("Key commands, end to end", .ownThreads)
struct KeyCommandTests {
    static var recoveryShape: Regex<(Substring, Substring)> { /([0-9A-HJKMNP-TV-Z]{5}-){6}[0-9A-HJKMNP-TV-Z]{5}\n/ }

    @Test func aSecondPassphraseAndBothOpen() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("first passphrase\n")
        let p2 = try cli.secretFile("zweite Passphrase mit Umlaut ä\n")
        let entry = try cli.makeVault(passphraseFile: p1)
        let added = try cli.run([
            "key", "add", "--label", "laptop", "--kdf", "interactive", "--passphrase-file", p1, "--new-passphrase-file", p2,
        ])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "1\n")
        #expect(added.stderr.contains("It is a full key: whoever has it can read everything"), "\(added.stderr)")
        #expect(try cli.journalIDs(["--passphrase-file", p1]).ids == [entry])
        #expect(try cli.journalIDs(["--passphrase-file", p2]).ids == [entry])

        let listed = try cli.run(["key", "list", "--json", "--passphrase-file", p2])
        #expect(listed.status == 0)
        let slots = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(slots.map { $0["slot"] as? Int } == [0, 1])
        #expect(slots.map { $0["id"] as? String } == ["0", "1"], "kept from the first contract")
        #expect(slots.map { $0["type"] as? String } == ["passphrase", "passphrase"])
        #expect(slots.map { $0["label"] as? String } == ["", "laptop"])
        #expect(slots.map { $0["unlocked_with"] as? Bool } == [false, true])
        #expect(slots.map { $0["below_recommended"] as? Bool } == [true, true])
        // Slot 0 was made by the test vault's minimum cost; slot 1 with --kdf interactive.
        for (slot, expected) in zip(slots, [("custom", 8 << 20), ("interactive", 64 << 20)]) {
            #expect((slot["created_at"] as? String)?.hasPrefix("20") == true)
            #expect((slot["changed_at"] as? String)?.hasPrefix("20") == true)
            let kdf = try #require(slot["kdf"] as? [String: Any])
            #expect(kdf["preset"] as? String == expected.0)
            #expect(kdf["mem_limit_bytes"] as? Int == expected.1)
        }
        // Labels are private: key list needs a key.
        #expect(try cli.run(["key", "list"]).status == 77)
        #expect(try cli.run(["key", "list", "--passphrase-file", try cli.secretFile("nope")]).status == 77)
        let human = try cli.run(["key", "list", "--passphrase-file", p1])
        #expect(human.stdout.contains("laptop") && human.stderr.contains("low unlocking cost"))
    }

    @Test func passwdOldPassphraseFailsNewWorksPayloadVerbatim() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let old = try cli.secretFile("old passphrase\n")
        let new = try cli.secretFile("new passphrase\n")
        let entry = try cli.makeVault(passphraseFile: old)
        let before = try cli.vaultBytes()
        let changed = try cli.run([
            "passwd", "--kdf", "minimum", "--passphrase-file", old, "--new-passphrase-file", new,
        ])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.isEmpty)
        #expect(changed.stderr.contains("backups") && changed.stderr.contains("still open with the old passphrase"))
        // The fact that protects, in plain words: old copies still open with the old passphrase.
        #expect(changed.stderr.contains("Backups and older copies still open with the old passphrase"), "\(changed.stderr)")
        #expect(changed.stderr.contains("run `hearth rekey`, make a fresh backup, then destroy the old backups"))
        let after = try cli.vaultBytes()
        #expect(after.count == before.count)
        #expect(after[VaultHeader.length...] == before[VaultHeader.length...])
        #expect(after[0..<VaultHeader.length] != before[0..<VaultHeader.length])
        let oldTry = try cli.run(["journal", "list", "--passphrase-file", old])
        #expect(oldTry.status == 77)
        #expect(try cli.journalIDs(["--passphrase-file", new]).ids == [entry])
        // Same passphrase again is refused, nothing changed.
        let same = try cli.run(["passwd", "--kdf", "minimum", "--passphrase-file", new, "--new-passphrase-file", new])
        #expect(same.status == 64)
        #expect(try cli.vaultBytes() == after)
        let status = try cli.status()
        #expect(status["generation"] as? Int == 2)
        #expect(status["key_epoch"] as? Int == 1)
    }

    @Test func recoveryKeyOpensAndATypoIsCaughtByItsGroup() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("passphrase one\n")
        let entry = try cli.makeVault(passphraseFile: p1)
        let made = try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.wholeMatch(of: Self.recoveryShape) != nil, "\(made.stdout)")
        let key = made.stdout.trimmingCharacters(in: .newlines)
        #expect(!made.stderr.contains(key))
        #expect(made.stderr.contains("only this once"))

        let file = try cli.secretFile(key + "\n")
        #expect(try cli.journalIDs(["--recovery-key-file", file]).ids == [entry])
        #expect(try cli.journalIDs(["--recovery-key-fd", "0"]).status == 77)  // empty stdin: not a key
        let viaFD = try cli.run(["journal", "list", "--json", "--recovery-key-fd", "0"], stdin: Data(key.utf8))
        #expect(viaFD.status == 0)
        let relaxed = key.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "0", with: "o")
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(relaxed)]).ids == [entry])

        // One character changed in group 4.
        var chars = Array(key)
        let position = 3 * 6 + 2
        chars[position] = chars[position] == "A" ? "B" : "A"
        let typo = try cli.run(["journal", "list", "--recovery-key-file", try cli.secretFile(String(chars))])
        #expect(typo.status == 77)
        #expect(typo.stderr.contains("mistyped in group 4"), "\(typo.stderr)")
        #expect(!typo.stderr.contains(key) && !typo.stderr.contains(String(chars)))
        // A valid-looking key that is not this vault's: 77 as well.
        let other = try cli.run(["journal", "list", "--recovery-key-file",
                                 try cli.secretFile("01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV")])
        #expect(other.status == 77)
        // key list shows the recovery slot.
        let listed = try cli.run(["key", "list", "--json", "--recovery-key-file", file])
        let slots = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(slots.map { $0["type"] as? String } == ["passphrase", "recovery"])
        #expect(slots.last?["unlocked_with"] as? Bool == true)

        // Forgotten passphrase: the recovery key sets a new one.
        let fresh = try cli.secretFile("a brand new passphrase")
        let reset = try cli.run(["passwd", "--kdf", "minimum", "--recovery-key-file", file, "--new-passphrase-file", fresh])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try cli.journalIDs(["--passphrase-file", fresh]).ids == [entry])
        #expect(try cli.journalIDs(["--passphrase-file", p1]).status == 77)
        #expect(try cli.journalIDs(["--recovery-key-file", file]).ids == [entry])
    }

    /// A forgotten passphrase, with a recovery key: --slot N chooses the passphrase slot; the
    /// only one is the default; with none, one is added. The recovery slot is never touched.
    @Test func passwdUnlockedWithTheRecoveryKey() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("first")
        let p2 = try cli.secretFile("second")
        let entry = try cli.makeVault(passphraseFile: p1)
        #expect(try cli.run(["key", "add", "--kdf", "minimum", "--passphrase-file", p1, "--new-passphrase-file", p2]).status == 0)
        let made = try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1])
        let recovery = try cli.secretFile(made.stdout)
        let recoverySlot = { () throws -> KeySlot? in try Vault.readHeader(at: cli.vault).header.slots[2] }
        let original = try #require(try recoverySlot())
        let fresh = try cli.secretFile("a fresh passphrase")
        let asRecovery = ["passwd", "--kdf", "minimum", "--recovery-key-file", recovery, "--new-passphrase-file", fresh]

        // Two passphrase slots: which one must be said.
        var before = try cli.vaultBytes()
        let ambiguous = try cli.run(asRecovery)
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.contains("--slot N"), "\(ambiguous.stderr)")
        #expect(try cli.vaultBytes() == before)
        // The recovery slot is not a passphrase slot.
        #expect(try cli.run(asRecovery + ["--slot", "2"]).status == 64)
        #expect(try cli.vaultBytes() == before)

        let chosen = try cli.run(asRecovery + ["--slot", "1"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(chosen.stderr.contains("Changed the passphrase in slot 1"), "\(chosen.stderr)")
        #expect(chosen.stderr.contains("recovery key") && chosen.stderr.contains("keeps working"))
        #expect(chosen.stderr.contains("older copies") && chosen.stderr.contains("still open with the old passphrase"))
        #expect(try cli.journalIDs(["--passphrase-file", p2]).status == 77)
        #expect(try cli.journalIDs(["--passphrase-file", fresh]).ids == [entry])
        #expect(try cli.journalIDs(["--passphrase-file", p1]).ids == [entry])
        #expect(try cli.journalIDs(["--recovery-key-file", recovery]).ids == [entry])
        #expect(try recoverySlot() == original)

        // One passphrase slot left: it is the default.
        #expect(try cli.run(["key", "remove", "0", "--recovery-key-file", recovery]).status == 0)
        let again = try cli.secretFile("again new")
        let single = try cli.run(["passwd", "--kdf", "minimum", "--recovery-key-file", recovery, "--new-passphrase-file", again])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stderr.contains("Changed the passphrase in slot 1"), "\(single.stderr)")
        #expect(try cli.journalIDs(["--passphrase-file", again]).ids == [entry])
        #expect(try cli.journalIDs(["--passphrase-file", fresh]).status == 77)
        #expect(try recoverySlot() == original)

        // No passphrase slot at all: a new one is added.
        #expect(try cli.run(["key", "remove", "1", "--recovery-key-file", recovery]).status == 0)
        before = try cli.vaultBytes()
        let added = try cli.run(["passwd", "--kdf", "minimum", "--recovery-key-file", recovery, "--new-passphrase-file", p1])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("Added a passphrase in slot 0"))
        #expect(try cli.journalIDs(["--passphrase-file", p1]).ids == [entry])
        #expect(try cli.journalIDs(["--recovery-key-file", recovery]).ids == [entry])
        #expect(try recoverySlot() == original)
        #expect(try cli.status()["slots"] as? Int == 2)
    }

    @Test func removeASlotRefuseTheLastAndTheOneYouUnlockedWith() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("keep me\n")
        let p2 = try cli.secretFile("remove me\n")
        let entry = try cli.makeVault(passphraseFile: p1)
        #expect(try cli.run(["key", "add", "--kdf", "minimum", "--passphrase-file", p1, "--new-passphrase-file", p2]).status == 0)

        var before = try cli.vaultBytes()
        let own = try cli.run(["key", "remove", "1", "--passphrase-file", p2])
        #expect(own.status == 1)
        #expect(own.stderr.contains("unlocked with"))
        #expect(try cli.vaultBytes() == before)
        #expect(try cli.run(["key", "remove", "5", "--passphrase-file", p1]).status == 66)
        #expect(try cli.run(["key", "remove", "9", "--passphrase-file", p1]).status == 64)
        #expect(try cli.vaultBytes() == before)

        let removed = try cli.run(["key", "remove", "1", "--passphrase-file", p1])
        #expect(removed.status == 0, "\(removed.stderr)")
        // A removed key still opens old copies: said by default, in plain words.
        #expect(removed.stderr.contains("It still opens old backups and copies"), "\(removed.stderr)")
        #expect(removed.stderr.contains("run `hearth rekey` now, make a fresh backup, then destroy the old backups"))
        #expect(try cli.journalIDs(["--passphrase-file", p2]).status == 77)
        #expect(try cli.journalIDs(["--passphrase-file", p1]).ids == [entry])

        before = try cli.vaultBytes()
        let last = try cli.run(["key", "remove", "0", "--passphrase-file", p1])
        #expect(last.status == 1)
        #expect(last.stderr.contains("only key"))
        #expect(try cli.vaultBytes() == before)
    }

    @Test func rekeyKeepsConfirmedSlotsRefusesOtherwiseAndChangesTheEpoch() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one\n")
        let p2 = try cli.secretFile("two\n")
        let entry = try cli.makeVault(passphraseFile: p1)
        #expect(try cli.run(["key", "add", "--kdf", "minimum", "--passphrase-file", p1, "--new-passphrase-file", p2]).status == 0)
        let made = try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1])
        let recovery = try cli.secretFile(made.stdout)
        let before = try cli.vaultBytes()

        // Not every slot confirmed, no terminal: refused, nothing changed.
        let refused = try cli.run(["rekey", "--passphrase-file", p1, "--keep-passphrase-file", p2])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("slot 2"), "\(refused.stderr)")
        #expect(try cli.vaultBytes() == before)
        let wrongKeep = try cli.run(["rekey", "--passphrase-file", p1, "--keep-passphrase-file", try cli.secretFile("three")])
        #expect(wrongKeep.status == 77)
        #expect(try cli.vaultBytes() == before)

        let rekeyed = try cli.run([
            "rekey", "--passphrase-file", p1, "--keep-passphrase-file", p2, "--keep-recovery-key-file", recovery,
            "--keep-passphrase-file", p1,
        ])
        #expect(rekeyed.status == 0, "\(rekeyed.stderr)")
        // Delete old backups after a rekey: said by default; the epochs with --verbose.
        #expect(rekeyed.stderr.contains("Older backups still open with the old keys: make a fresh backup now, then destroy the old ones."),
                "\(rekeyed.stderr)")
        #expect(rekeyed.stderr.contains("Note the new key epoch, 2, with your backup drive"))
        #expect(rekeyed.stdout.isEmpty)
        let status = try cli.status()
        #expect(status["key_epoch"] as? Int == 2)
        #expect(status["slots"] as? Int == 3)
        for secret in [["--passphrase-file", p1], ["--passphrase-file", p2], ["--recovery-key-file", recovery]] {
            #expect(try cli.journalIDs(secret).ids == [entry])
        }
        let after = try cli.vaultBytes()
        #expect(after[VaultHeader.length...] != before[VaultHeader.length...])

        // Drop what is not confirmed.
        let dropped = try cli.run(["rekey", "--passphrase-file", p2, "--drop-unconfirmed"])
        #expect(dropped.status == 0, "\(dropped.stderr)")
        #expect(dropped.stderr.contains("(removed: slots 0, 2)"), "\(dropped.stderr)")
        #expect(try cli.status()["key_epoch"] as? Int == 3)
        #expect(try cli.journalIDs(["--passphrase-file", p1]).status == 77)
        #expect(try cli.journalIDs(["--recovery-key-file", recovery]).status == 77)
        #expect(try cli.journalIDs(["--passphrase-file", p2]).ids == [entry])
    }

    @Test func rekeyCanReplaceARecoveryKey() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one\n")
        let entry = try cli.makeVault(passphraseFile: p1)
        let made = try cli.run(["key", "add", "--recovery", "--kdf", "minimum", "--passphrase-file", p1])
        let oldKey = try cli.secretFile(made.stdout)
        let rekeyed = try cli.run(["rekey", "--passphrase-file", p1, "--new-recovery-key"])
        #expect(rekeyed.status == 0, "\(rekeyed.stderr)")
        #expect(rekeyed.stdout.wholeMatch(of: Self.recoveryShape) != nil)
        #expect(rekeyed.stdout != made.stdout)
        #expect(try cli.journalIDs(["--recovery-key-file", oldKey]).status == 77)
        #expect(try cli.journalIDs(["--recovery-key-file", try cli.secretFile(rekeyed.stdout)]).ids == [entry])
    }

    @Test func keyUpgradeRaisesTheCostOfTheSlotYouUnlockWith() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one\n")
        let entry = try cli.makeVault(passphraseFile: p1)
        let upgraded = try cli.run(["key", "upgrade", "--kdf", "moderate", "--passphrase-file", p1])
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        let listed = try cli.run(["key", "list", "--json", "--passphrase-file", p1])
        let slots = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect((slots.first?["kdf"] as? [String: Any])?["preset"] as? String == "moderate")
        #expect(slots.first?["below_recommended"] as? Bool == false)
        #expect(try cli.journalIDs(["--passphrase-file", p1]).ids == [entry])
    }

    /// A recalibrated cost (passwd, key upgrade without --kdf) never goes below the slot's
    /// previous cost: here more memory than calibration ever picks (256 MiB).
    @Test func recalibrationNeverLowersASlotsCost() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one")
        _ = try cli.makeVault(passphraseFile: p1)
        let strong = Argon2idParameters(opsLimit: 3, memLimitBytes: 384 << 20)
        let ring = try KeyRing.unlock(at: cli.vault, credential: .passphrase(try SecretBytes(copying: Array("one".utf8))))
        try ring.rederive(0, kdf: strong)
        try ring.save(lockTimeout: 5)
        // A slot's cost is in the clear part of the header: no need to pay for another unlock.
        let slotCost = { (_: String) throws -> (ops: Int, memory: Int) in
            let kdf = try #require(try Vault.readHeader(at: cli.vault).header.slots[0]).kdf
            return (Int(kdf.opsLimit), Int(kdf.memLimitBytes))
        }

        let p2 = try cli.secretFile("two")
        let changed = try cli.run(["passwd", "--passphrase-file", p1, "--new-passphrase-file", p2])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(!changed.stderr.contains("(!)"))
        var cost = try slotCost(p2)
        #expect(cost.memory >= 384 << 20 && cost.ops >= 3, "\(cost)")

        let upgraded = try cli.run(["key", "upgrade", "--passphrase-file", p2])
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        cost = try slotCost(p2)
        #expect(cost.memory >= 384 << 20 && cost.ops >= 3, "\(cost)")

        // Only --kdf can lower it, and then it says so at once.
        let lowered = try cli.run(["passwd", "--kdf", "interactive", "--passphrase-file", p2, "--new-passphrase-file", p1])
        #expect(lowered.status == 0, "\(lowered.stderr)")
        #expect(lowered.stderr.contains("(!) Slot 0 was written with a low unlocking cost"),
                "\(lowered.stderr)")
        #expect(try slotCost(p1).memory == 64 << 20)
    }

    @Test func labelsAndNewPassphrasesThatCouldConfuse() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one\n")
        _ = try cli.makeVault(passphraseFile: p1)
        let before = try cli.vaultBytes()
        let escape = try cli.run(["key", "add", "--label", "a\u{1B}[2Jb", "--passphrase-file", p1, "--new-passphrase-file", p1])
        #expect(escape.status == 64)
        let key = try cli.run(["key", "add", "--kdf", "minimum", "--passphrase-file", p1,
                               "--new-passphrase-file", try cli.secretFile("01230-4567M-89AB9-CDEFS-GHJKJ-MNPQ6-RSTVV")])
        #expect(key.status == 64)
        #expect(key.stderr.contains("recovery key, not a passphrase"))
        #expect(try cli.vaultBytes() == before)

        // A label with an escape sequence, sealed by someone who held the master key, is shown
        // defused on a terminal listing (and escaped in JSON).
        let ring = try KeyRing.unlock(at: cli.vault, credential: .passphrase(try SecretBytes(copying: Array("one".utf8))))
        _ = try ring.addSlot(type: .passphrase, secret: try SecretBytes(copying: Array("planted".utf8)),
                             kdf: Argon2idParameters(opsLimit: 1, memLimitBytes: 8 << 20), label: "x\u{1B}]0;owned\u{07}y")
        try ring.save(lockTimeout: 5)
        let listed = try cli.run(["key", "list", "--passphrase-file", p1])
        #expect(listed.status == 0)
        #expect(!listed.stdout.contains("\u{1B}") && !listed.stdout.contains("\u{07}"))
        #expect(listed.stdout.contains("x?]0;owned?y"))
        let json = try cli.run(["key", "list", "--json", "--passphrase-file", p1])
        #expect(!json.stdout.contains("\u{1B}"))
    }

    @Test func aHostileSlotIsDamageAtOnceThroughEveryKeyCommand() throws {
        let cli = try KeysCLI(mode: .inProcess)
        let p1 = try cli.secretFile("one\n")
        _ = try cli.makeVault(passphraseFile: p1)
        var bytes = [UInt8](try cli.vaultBytes())
        // Slot 0 asks for 1 TiB of memory; the checksum is recomputed so only the bounds catch it.
        let at = 64 + 16
        for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: (UInt64(1) << 40) >> (8 * i)) }
        let sum = bytes[0..<2016].withUnsafeBytes { GenericHash.hash($0) }
        bytes.replaceSubrange(2016..<2048, with: sum)
        try Data(bytes).write(to: URL(fileURLWithPath: cli.vault))
        let new = ["--new-passphrase-file", p1]
        for command in [["key", "list"], ["key", "add"] + new, ["passwd"] + new, ["rekey"], ["key", "remove", "0"], ["status"]] {
            let start = Date()
            let result = try cli.run(command + ["--passphrase-file", p1])
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(Date().timeIntervalSince(start) < 5)
        }
    }
}
