import Foundation
import HearthCrypto
import Testing

@testable import HearthVault

/// Which slot passwd changes, what key remove refuses, which slots rekey must confirm, and what
/// a typed entry opens: decided on a key ring in process (the cheapest cost; no binary).
@Suite("Key changes: which slot, refusals, rekey's matching")
struct KeyChangePolicyTests {
    typealias F = KeyRingFixture

    /// A vault with passphrase slots `passphrases` (slot 0 is "first passphrase") and, when
    /// `recovery`, a recovery slot after them; returns the fixture and the recovery key.
    static func vault(passphrases: [String] = [], recovery: Bool = false) throws -> (F, SecretBytes?) {
        let f = try F()
        let ring = try f.ring("first passphrase")
        for (i, text) in passphrases.enumerated() {
            _ = try ring.addSlot(type: .passphrase, secret: try F.secret(text), kdf: F.fast, label: "p\(i + 1)")
        }
        let key = recovery ? try RecoveryKey.generate() : nil
        if let key { _ = try ring.addSlot(type: .recovery, secret: key, kdf: F.fast, label: "paper") }
        try ring.save(lockTimeout: 1)
        return (f, key)
    }

    @Test func passwdChangesTheSlotUnlockedWithOrTheOneNamed() throws {
        let (f, _) = try Self.vault(passphrases: ["b"], recovery: true)
        let ring = try f.ring("b")
        #expect(try ring.passphraseSlotToChange(requested: nil) == 1)
        #expect(try ring.passphraseSlotToChange(requested: 0) == 0)
        #expect(throws: KeyChangeRefusal.slotIsRecoveryKey(2)) { try ring.passphraseSlotToChange(requested: 2) }
        #expect(throws: VaultError.noSuchSlot(index: 5)) { try ring.passphraseSlotToChange(requested: 5) }
    }

    /// Unlocked with a recovery key: the only passphrase slot, none (nil: add one), or --slot
    /// needed among several. The recovery slot itself is never the target.
    @Test(arguments: [0, 1, 3])
    func passwdWithARecoveryKey(passphraseSlots: Int) throws {
        let (f, key) = try Self.vault(passphrases: (1..<max(passphraseSlots, 1)).map { "extra \($0)" }, recovery: true)
        let recovery = try #require(key)
        if passphraseSlots == 0 {
            let setup = try KeyRing.unlock(at: f.path, credential: .recoveryKey(recovery))
            try setup.removeSlot(0)
            try setup.save(lockTimeout: 1)
        }
        let ring = try KeyRing.unlock(at: f.path, credential: .recoveryKey(recovery))
        switch passphraseSlots {
        case 0: #expect(try ring.passphraseSlotToChange(requested: nil) == nil)
        case 1: #expect(try ring.passphraseSlotToChange(requested: nil) == 0)
        default:
            #expect(throws: KeyChangeRefusal.severalPassphraseSlots([
                SlotName(index: 0, type: .passphrase, label: ""), SlotName(index: 1, type: .passphrase, label: "p1"),
                SlotName(index: 2, type: .passphrase, label: "p2"),
            ])) { try ring.passphraseSlotToChange(requested: nil) }
        }
    }

    @Test func removeRefusesTheLastSlotAndAMissingOne() throws {
        let (f, _) = try Self.vault()
        let single = try f.ring("first passphrase")
        #expect(throws: VaultError.lastSlot) { try single.removable(0) }
        #expect(throws: VaultError.noSuchSlot(index: 3)) { try single.removable(3) }
        _ = try single.addSlot(type: .passphrase, secret: try F.secret("b"), kdf: F.fast, label: "")
        #expect(try single.removable(0).index == 0)
    }

    @Test func rekeyConfirmsEverySlotWhoseSecretIsUnknown() throws {
        let (f, key) = try Self.vault(passphrases: ["b"], recovery: true)
        let ring = try f.ring("first passphrase")
        #expect(ring.unconfirmedSlots().map(\.index) == [1, 2])
        // Every slot here has the cheapest cost: the passphrase slots are below today's minimum,
        // the recovery slot (140 random bits) never is.
        #expect(ring.usedSlots.belowRecommended.map(\.index) == [0, 1])
        #expect(ring.unconfirmedSlots(skipping: [2]).map(\.index) == [1])
        #expect(try ring.match(try F.secret("b")) == .opened([1]))
        #expect(try ring.match(try F.secret("b")) == .alreadyKept(1))
        #expect(try ring.match(try F.secret("first passphrase")) == .alreadyKept(0))
        #expect(try ring.match(try F.secret("nothing")) == .opensNothing)
        // The recovery key as it is printed (dashes) opens its slot.
        #expect(try ring.match(try RecoveryKey.displayForm(try #require(key))) == .opened([2]))
        #expect(ring.unconfirmedSlots().isEmpty)
    }

    /// A recovery key with one letter changed is a typo (its group named), not "opens nothing".
    @Test func mistypedRecoveryKeyIsATypo() throws {
        let (f, key) = try Self.vault(recovery: true)
        let ring = try f.ring("first passphrase")
        var shown = try RecoveryKey.displayForm(try #require(key)).withUnsafeBytes { Array($0) }
        shown[0] = shown[0] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        guard case .typo = try ring.match(try SecretBytes(copying: shown)) else {
            Issue.record("a mistyped recovery key must be reported as a typo")
            return
        }
        #expect(ring.unconfirmedSlots().map(\.index) == [1])
    }
}

/// The cost policy: today's minimum, what a calibrated cost is raised to, when upgrade is a no-op.
struct KeySlotCostPolicyTests {
    static let low = Argon2idParameters(opsLimit: 1, memLimitBytes: 64 << 20)
    static let high = Argon2idParameters(opsLimit: 4, memLimitBytes: 512 << 20)

    @Test(arguments: [
        (Argon2idParameters.interactive, true), (.moderate, false), (.sensitive, false), (low, true), (high, false),
    ])
    func belowRecommended(_ cost: Argon2idParameters, _ below: Bool) {
        #expect(cost.isBelowRecommended == below)
    }

    /// Never below MODERATE nor the replaced slot's cost, in memory, passes or work.
    @Test(arguments: [
        (low, nil as Argon2idParameters?), (low, high), (Argon2idParameters.moderate, nil), (high, low), (.interactive, .sensitive),
    ])
    func calibratedCostIsRaised(_ calibrated: Argon2idParameters, _ previous: Argon2idParameters?) {
        let chosen = calibrated.forNewSlot(replacing: previous)
        for floor in [Argon2idParameters.recommendedMinimum, previous ?? .recommendedMinimum, calibrated] {
            #expect(chosen.meets(floor), "\(chosen.summary) below \(floor.summary)")
            #expect(chosen.opsLimit >= min(floor.opsLimit, Argon2idParameters.maximumOps))
        }
        #expect(!chosen.isBelowRecommended)
    }

    @Test func meetsComparesWorkAndMemory() {
        #expect(Self.high.meets(.moderate))
        #expect(!Argon2idParameters.moderate.meets(Self.high))
        // As much work over less memory does not meet a cost with more memory.
        let deep = Argon2idParameters(opsLimit: 12, memLimitBytes: 64 << 20)
        #expect(deep.work == Argon2idParameters.moderate.work)
        #expect(!deep.meets(.moderate) && !Argon2idParameters.moderate.meets(Argon2idParameters(opsLimit: 4, memLimitBytes: 256 << 20)))
    }
}

struct RecoveryKeyLabelTests {
    /// The local day, the month in English words whatever the locale, within the label limit.
    @Test(arguments: [
        (1_796_558_400.0, 0, "recovery key made 6 Dec 2026"), (1_796_558_400.0, -13 * 3600, "recovery key made 5 Dec 2026"),
        (0.0, 0, "recovery key made 1 Jan 1970"),
    ])
    func labelNamesTheLocalDay(_ seconds: Double, _ offset: Int, _ expected: String) throws {
        let zone = try #require(TimeZone(secondsFromGMT: offset))
        let label = SlotMetadata.recoveryKeyLabel(madeOn: Date(timeIntervalSince1970: seconds), timeZone: zone)
        #expect(label == expected)
        #expect(label.utf8.count <= SlotMetadata.maximumLabelBytes)
    }
}
