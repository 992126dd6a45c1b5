import Foundation
import HearthTrust
import HearthVault
import Testing

/// One command's trust context over an in-memory store: what it tells the person (once per
/// path), what it records, what it refuses and accepts, and the checks turned off. What used to
/// be process-wide state (`RollbackWarnings`), now per command and in process.
@Suite struct TrustContextTests {
    static let path = "/nonexistent-hearth-test/vault.hearth"

    static func header(epoch: UInt64 = 2, generation: UInt64 = 10, salt: UInt8 = 1) -> VaultHeader {
        VaultHeader(
            vaultID: Array(repeating: 7, count: 16), keyEpoch: epoch, generation: generation,
            slots: Array(repeating: nil, count: 8), payloadID: [salt], streamHeader: [], payloadLength: 0)
    }

    static func identity(_ epoch: UInt64, _ byte: UInt8) -> KeyIdentity {
        KeyIdentity(epoch: epoch, fingerprint: Array(repeating: byte, count: 16))
    }

    /// Notices heard, in order.
    final class Heard: @unchecked Sendable {
        private let lock = NSLock()
        private var notices: [TrustNotice] = []
        func add(_ notice: TrustNotice) { lock.lock(); notices.append(notice); lock.unlock() }
        var all: [TrustNotice] { lock.lock(); defer { lock.unlock() }; return notices }
        var findings: [TrustFinding] {
            all.compactMap { if case .found(let report, _) = $0 { report.finding } else { nil } }
        }
    }

    static func context(_ store: MemoryTrustStore, checksOff: Bool = false) -> (TrustContext, Heard) {
        let heard = Heard()
        let context = TrustContext(store: store, checksOff: checksOff, now: { Date(timeIntervalSince1970: 1_800_000_000) }) {
            heard.add($0)
        }
        return (context, heard)
    }

    @Test func readsTellOncePerPathAndRememberOnlyTheTrustedKey() {
        let store = MemoryTrustStore()
        let (context, heard) = Self.context(store)
        let trusted = Self.identity(2, 0xaa)
        context.read(path: Self.path, header: Self.header(), identity: trusted)
        #expect(heard.all == [.firstTrust(TrustRecord.KeyLine(trusted))])
        context.read(path: Self.path, header: Self.header(), identity: trusted)
        #expect(heard.all.count == 1, "the same file again: nothing to say")
        // A copy from before a rekey: said once, and the forged or older key is not remembered.
        let older = Self.identity(1, 0xbb)
        #expect(context.read(path: Self.path, header: Self.header(epoch: 1), identity: older)?.finding == .olderKeys)
        context.read(path: Self.path, header: Self.header(epoch: 1), identity: older)
        #expect(heard.findings == [.olderKeys])
        #expect(TrustPolicy.trusts(TrustRecord.KeyLine(older), of: Self.header().vaultID, in: store.load()) == false)
        // A command about to save says it in its refusal, not as a note first.
        let (writer, writerHeard) = Self.context(store)
        #expect(writer.read(path: Self.path, header: Self.header(epoch: 1), identity: older, purpose: .write)?.finding == .olderKeys)
        #expect(writerHeard.all.isEmpty)
        // Read without a key: only a claim, said; nothing remembered.
        let before = store.load()
        let (status, statusHeard) = Self.context(store)
        status.read(path: Self.path, header: Self.header(epoch: 1), identity: nil)
        #expect(statusHeard.findings == [.claimsOlderKeys] && store.load() == before)
        // A backup copy is never trusted first.
        let fresh = MemoryTrustStore()
        let (backup, backupHeard) = Self.context(fresh)
        backup.read(path: Self.path, header: Self.header(), identity: trusted, mayTrustFirst: false)
        #expect(backupHeard.all.isEmpty && fresh.load() == TrustRecord())
    }

    @Test func savesAreRefusedUnlessExactlyAccepted() throws {
        let store = MemoryTrustStore()
        let (context, heard) = Self.context(store)
        let trusted = Self.identity(2, 0xaa)
        context.didWrite(path: Self.path, header: Self.header(), identity: trusted)
        let other = Self.identity(3, 0xcc)
        do {
            try context.checkWrite(path: Self.path, header: Self.header(epoch: 3), identity: other)
            Issue.record("a save under other keys went through")
        } catch .writeRefused(let refusal) {
            #expect((refusal.reason as? TrustReport)?.finding == .otherKeys)
        }
        context.accept(KeyAcceptance(epoch: 3, key: "cccccccd"), at: Self.path)
        #expect(throws: VaultError.self) { try context.checkWrite(path: Self.path, header: Self.header(epoch: 3), identity: other) }
        context.accept(KeyAcceptance(epoch: 3, key: "cccccccc"), at: Self.path)
        try context.checkWrite(path: Self.path, header: Self.header(epoch: 3), identity: other)
        try context.checkWrite(path: Self.path, header: Self.header(epoch: 3), identity: other)
        #expect(heard.all.filter { if case .accepted = $0 { true } else { false } }.count == 1, "said once")
        #expect(TrustPolicy.trusts(TrustRecord.KeyLine(other), of: Self.header().vaultID, in: store.load()) == true)
        context.finish()
        #expect(!heard.all.contains(.acceptanceNotUsed))
    }

    @Test func anAcceptanceGivenToAReadIsSaidUnused() {
        let (context, heard) = Self.context(MemoryTrustStore())
        context.accept(KeyAcceptance(epoch: 1, key: "aaaaaaaa"), at: Self.path)
        context.read(path: Self.path, header: Self.header(), identity: Self.identity(2, 0xaa))
        context.finish()
        #expect(heard.all.last == .acceptanceNotUsed)
    }

    @Test func withTheChecksOffOnlyKeyChangesAreRecorded() throws {
        let store = MemoryTrustStore()
        let (on, _) = Self.context(store)
        on.didWrite(path: Self.path, header: Self.header(), identity: Self.identity(2, 0xaa))
        let (off, heard) = Self.context(store, checksOff: true)
        let older = Self.identity(1, 0xbb)
        #expect(off.read(path: Self.path, header: Self.header(epoch: 1), identity: older) == nil)
        try off.checkWrite(path: Self.path, header: Self.header(epoch: 1), identity: older)
        #expect(heard.all.count == 1 && { if case .checksOff = heard.all[0] { true } else { false } }())
        off.didWrite(path: Self.path, header: Self.header(epoch: 1, generation: 11), identity: older)
        #expect(TrustPolicy.trusts(TrustRecord.KeyLine(older), of: Self.header().vaultID, in: store.load()) == false)
        // A rekey with the checks off is still noted and recorded, so later commands trust it.
        let rekeyed = Self.identity(3, 0xdd)
        off.willReplace(path: Self.path, header: Self.header(epoch: 3, generation: 12), identity: rekeyed)
        #expect(off.isPendingNoted(header: Self.header(epoch: 3), identity: rekeyed))
        off.didWrite(path: Self.path, header: Self.header(epoch: 3, generation: 12), identity: rekeyed)
        #expect(TrustPolicy.trusts(TrustRecord.KeyLine(rekeyed), of: Self.header().vaultID, in: store.load()) == true)
        #expect(on.minimumRekeyEpoch(for: Self.header(), at: Self.path) == 4)
    }

    @Test func anAbandonedRekeyIsNotPendingAnyMore() {
        let store = MemoryTrustStore()
        let (context, _) = Self.context(store)
        context.didWrite(path: Self.path, header: Self.header(), identity: Self.identity(2, 0xaa))
        let next = Self.identity(3, 0xdd)
        context.willReplace(path: Self.path, header: Self.header(epoch: 3), identity: next)
        #expect(context.trusts(next, of: Self.header().vaultID) == true)
        context.abandoned(path: Self.path, header: Self.header(epoch: 3), identity: next)
        #expect(context.trusts(next, of: Self.header().vaultID) == false)
        // Without a store nothing is known and nothing refused.
        #expect(TrustContext.none.trusts(next, of: Self.header().vaultID) == nil)
        #expect(TrustContext.none.isPendingNoted(header: Self.header(epoch: 3), identity: next))
    }
}
