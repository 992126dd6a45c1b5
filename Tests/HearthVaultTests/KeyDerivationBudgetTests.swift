import Foundation
import HearthCrypto
import Testing

@testable import HearthVault

/// One unlock spends at most a bounded amount of key-derivation work on a file's slots
/// (`KeyDerivationBudget`): a hostile file cannot make it try every slot at the highest cost, and
/// Hearth never makes a slot table that a real unlock could not get through. Scaled down: slots
/// at 1 pass × 8 MiB and budgets of a few slots' worth, so no expensive Argon2id runs.
@Suite("Key-derivation budget")
struct KeyDerivationBudgetTests {
    typealias F = KeyRingFixture
    static let slotWork = F.fast.workBytes

    /// A vault with four passphrase slots ("first passphrase", "p1", "p2", "p3"), in that order.
    private func fourSlots() throws -> F {
        let f = try F(payloadBytes: 100)
        let ring = try f.ring("first passphrase")
        for name in ["p1", "p2", "p3"] {
            _ = try ring.addSlot(type: .passphrase, secret: try F.secret(name), kdf: F.fast, label: name)
        }
        try ring.save(lockTimeout: 1)
        return f
    }

    private func unlock(_ f: F, _ secret: String, budgetSlots: UInt64) throws -> UnlockedKeys {
        try Vault.unlock(
            try f.header(), with: .passphrase(try F.secret(secret)),
            budget: KeyDerivationBudget(limit: budgetSlots * Self.slotWork))
    }

    @Test func aWrongSecretStopsAtTheBudgetNotAfterEverySlot() throws {
        let f = try fourSlots()
        // Four slots need four slots' work: within a budget of four, a wrong secret is just wrong (77).
        #expect(throws: VaultError.wrongSecret) { try unlock(f, "wrong", budgetSlots: 4) }
        // Over the budget: stopped, and said so (65), not "wrong passphrase".
        #expect(throws: VaultError.tooMuchKeyDerivation(limit: 3 * Self.slotWork)) { try unlock(f, "wrong", budgetSlots: 3) }
        #expect(throws: VaultError.tooMuchKeyDerivation(limit: 1)) {
            try Vault.unlock(try f.header(), with: .passphrase(try F.secret("wrong")), budget: KeyDerivationBudget(limit: 1))
        }
    }

    @Test func eachSlotIsCountedBeforeItsWorkIsDone() throws {
        let f = try fourSlots()
        // The first slot opens within a budget of one slot; the last needs all four.
        #expect(try unlock(f, "first passphrase", budgetSlots: 1).slotIndex == 0)
        #expect(try unlock(f, "p3", budgetSlots: 4).slotIndex == 3)
        #expect(throws: VaultError.tooMuchKeyDerivation(limit: 3 * Self.slotWork)) { try unlock(f, "p3", budgetSlots: 3) }
    }

    /// One budget shared by the files of a backup folder (`restore FOLDER` on a fresh machine):
    /// a slot already derived (the same slot in another backup) costs nothing again, and
    /// other files' slots spend from the same budget.
    @Test func aSharedBudgetTriesEachSlotOnce() throws {
        let f = try fourSlots()
        let header = try f.header()
        let wrong = VaultCredential.passphrase(try F.secret("wrong"))
        var budget = KeyDerivationBudget(limit: 4 * Self.slotWork)
        #expect(throws: VaultError.wrongSecret) { try Vault.unlock(header, with: wrong, sharing: &budget) }
        #expect(budget.spent == 4 * Self.slotWork)
        #expect(throws: VaultError.wrongSecret) { try Vault.unlock(header, with: wrong, sharing: &budget) }
        #expect(budget.spent == 4 * Self.slotWork, "the same slots are not derived again")
        let other = try F(payloadBytes: 100, passphrase: "another vault")
        #expect(throws: VaultError.tooMuchKeyDerivation(limit: 4 * Self.slotWork)) {
            try Vault.unlock(try other.header(), with: wrong, sharing: &budget)
        }
        // The right secret, with a budget of its own, still opens the last slot.
        var fresh = KeyDerivationBudget(limit: 4 * Self.slotWork)
        #expect(try Vault.unlock(header, with: .passphrase(try F.secret("p3")), sharing: &fresh).slotIndex == 3)
    }

    /// A key derived once with a shared budget is reused for the same salt and cost (the same
    /// slot in another backup), also when the slot opened; the unwrap is still done each time,
    /// so a copy of the slot bound to another vault does not open with it.
    @Test func aSharedBudgetDerivesEachSlotOnce() throws {
        let f = try fourSlots()
        let header = try f.header()
        let p3 = VaultCredential.passphrase(try F.secret("p3"))
        var budget = KeyDerivationBudget(limit: 4 * Self.slotWork)
        #expect(budget.newWork(unlocking: header, with: p3) == 4 * Self.slotWork)
        #expect(try Vault.unlock(header, with: p3, sharing: &budget).slotIndex == 3)
        #expect(budget.spent == 4 * Self.slotWork)
        #expect(budget.newWork(unlocking: header, with: p3) == 0)
        #expect(budget.newWork(unlocking: header, with: .recoveryKey(try F.secret("p3"))) == 0, "no recovery slot")
        #expect(try Vault.unlock(header, with: p3, sharing: &budget).slotIndex == 3, "opens again at no cost")
        #expect(budget.spent == 4 * Self.slotWork)
        // The same slots under another vault id: the derivation is reused, the unwrap refuses.
        var other = header
        other.vaultID = header.vaultID.map { $0 ^ 0xff }
        #expect(throws: VaultError.wrongSecret) { try Vault.unlock(other, with: p3, sharing: &budget) }
        #expect(budget.spent == 4 * Self.slotWork)
        budget.forgetDerivedKeys()
        #expect(budget.newWork(unlocking: header, with: p3) == 4 * Self.slotWork)
    }

    /// A hostile header asking the highest cost of every slot is stopped before any derivation
    /// beyond the budget: with a budget below one such slot, it returns at once.
    @Test func aHostileCostIsRefusedBeforeItIsPaid() throws {
        let f = try fourSlots()
        var bytes = try f.bytes()
        for index in 0..<4 {
            let offset = VaultHeader.slotTableOffset + index * KeySlot.encodedLength
            LittleEndian.write(UInt64(8), into: &bytes, at: offset + 8)
            LittleEndian.write(UInt64(1) << 30, into: &bytes, at: offset + 16)
        }
        let sum = bytes[0..<VaultHeader.checksumOffset].withUnsafeBytes { GenericHash.hash($0) }
        bytes.replaceSubrange(VaultHeader.checksumOffset..<VaultHeader.length, with: sum)
        try Data(bytes).write(to: URL(fileURLWithPath: f.path))
        let start = Date()
        #expect(throws: VaultError.tooMuchKeyDerivation(limit: 7 << 30)) {
            try Vault.unlock(try f.header(), with: .passphrase(try F.secret("wrong")), budget: KeyDerivationBudget(limit: 7 << 30))
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    /// The documented default: four slots at the highest cost a slot may ask for fit, a fifth
    /// does not; eight SENSITIVE slots fit.
    @Test func theStandardLimit() throws {
        let highest = Argon2idParameters(opsLimit: 8, memLimitBytes: 1 << 30)
        #expect(highest.isWithinReadBounds && highest.workBytes == Argon2idParameters.maximumWork)
        #expect(KeyDerivationBudget.standardLimit == 4 * Argon2idParameters.maximumWork)
        #expect(8 * Argon2idParameters.sensitive.workBytes <= KeyDerivationBudget.standardLimit)
        var budget = KeyDerivationBudget()
        let slot = KeySlot(index: 0, type: .passphrase, kdf: highest, salt: [], nonce: [], wrappedKey: [])
        for _ in 0..<4 { try budget.spend(on: slot) }
        #expect(throws: VaultError.tooMuchKeyDerivation(limit: KeyDerivationBudget.standardLimit)) { try budget.spend(on: slot) }
    }

    /// Hearth never makes slots that together pass the limit: the refusal comes before any
    /// derivation, and nothing changes.
    @Test func keyChangesNeverGoOverTheLimit() throws {
        let f = try F(payloadBytes: 100)
        let ring = try f.ring("first passphrase")
        let huge = Argon2idParameters(opsLimit: 33, memLimitBytes: 1 << 30)  // above 32 GiB × passes alone
        let start = Date()
        #expect(throws: VaultError.self) {
            _ = try ring.addSlot(type: .passphrase, secret: try F.secret("b"), kdf: huge, label: "")
        }
        #expect(throws: VaultError.self) { try ring.replaceSlot(0, secret: try F.secret("b"), kdf: huge) }
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(ring.usedSlots.count == 1 && ring.usedSlots[0].kdf == F.fast)
        // Two slots at 16 GiB × passes fill the limit exactly; a third slot, however cheap, goes over.
        // (Checked on the totals alone: `checkWorkLimit` runs before any derivation.)
        let half = Argon2idParameters(opsLimit: 16, memLimitBytes: 1 << 30)
        var table = [KeySlot?](repeating: nil, count: VaultHeader.slotCount)
        table[0] = KeySlot(index: 0, type: .passphrase, kdf: half, salt: [], nonce: [], wrappedKey: [])
        table[1] = KeySlot(index: 1, type: .recovery, kdf: half, salt: [], nonce: [], wrappedKey: [])
        #expect(KeyDerivationBudget.work(of: table) == KeyDerivationBudget.standardLimit)
        let secret = try F.secret("b")
        do {
            _ = try ring.addSlot(type: .passphrase, secret: secret, kdf: huge, label: "")
        } catch .slotCostsOverLimit(let total, let limit) {
            #expect(limit == KeyDerivationBudget.standardLimit && total == huge.workBytes + F.fast.workBytes)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
