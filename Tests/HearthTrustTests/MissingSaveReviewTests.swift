import Foundation
import HearthTrust
import HearthVault
import Testing

/// What the ledger keeps of this computer's saves over time (`MissingSaves.review`,
/// `TrustContext.settle`): a save found missing is said until the vault holds it again or the
/// person lets it go, however many saves come after; a save noted before its rename and never
/// confirmed is looked for like any other, and forgotten without a word when it was never written.
@Suite struct MissingSaveReviewTests {
    typealias Copies = [(path: String, history: [SaveMark]?)]
    static func mark(_ n: UInt8, depth: UInt64) -> SaveMark { MissingSavesTests.mark(n, depth: depth) }
    static let base = mark(0xB0, depth: 1)
    /// The id of `mark` as the ledger keeps it.
    static func hex(_ mark: SaveMark) -> String { OwnSave(mark, day: "").id }

    static func context() -> TrustContext {
        let clock = Date(timeIntervalSince1970: 1_796_551_800)
        return TrustContext(store: MemoryTrustStore(), now: { clock }, saveTime: { clock })
    }

    /// Reviews the saves of `context` at the test place against `history`, and keeps what it found.
    @discardableResult
    static func review(_ context: TrustContext, history: [SaveMark], copies: Copies = []) -> MissingSaveReview {
        let (path, id) = (TrustContextTests.path, TrustContextTests.header().vaultID)
        let review = MissingSaves.review(
            own: context.ownSaves(path: path, vaultID: id), remembered: context.missingSaves(path: path, vaultID: id),
            history: history, copies: { copies })
        context.settle(review, path: path, vaultID: id)
        return review
    }

    static func remembered(_ context: TrustContext) -> [String] {
        context.missingSaves(path: TrustContextTests.path, vaultID: TrustContextTests.header().vaultID).map(\.id)
    }

    static func own(_ context: TrustContext) -> [OwnSave] {
        context.ownSaves(path: TrustContextTests.path, vaultID: TrustContextTests.header().vaultID)
    }

    static func saved(_ context: TrustContext, _ mark: SaveMark, confirmed: Bool = true) {
        context.willSave(path: TrustContextTests.path, header: TrustContextTests.header(), mark: mark)
        if confirmed { context.didSave(path: TrustContextTests.path, header: TrustContextTests.header(), mark: mark) }
    }

    /// Last writer wins: the save is gone from the vault and no copy holds it. It is said after
    /// this computer's next eight saves (which roll it out of its own last saves) just as before,
    /// and no more once a merge brought it back.
    @Test func aMissingSaveIsSaidUntilItIsBack() {
        let context = Self.context()
        let lost = Self.mark(0xA1, depth: 2)
        Self.saved(context, lost)
        let theirs = Self.mark(0xC1, depth: 2)
        #expect(Self.review(context, history: [theirs, Self.base]).report.saves.map(\.id) == [Self.hex(lost)])

        var history = [theirs, Self.base]
        for n in 1...UInt8(OwnSave.remembered) {
            let next = Self.mark(n, depth: UInt64(n) + 2)
            Self.saved(context, next)
            history.insert(next, at: 0)
        }
        #expect(!Self.own(context).contains { $0.id == Self.hex(lost) }, "rolled out of the last saves")
        let later = Self.review(context, history: history)
        #expect(later.report.saves.map(\.id) == [Self.hex(lost)], "still said")
        #expect(later.report.notFound.map(\.id) == [Self.hex(lost)], "and still where it was: nowhere beside the vault")

        let back = Self.review(context, history: [Self.mark(0xD1, depth: 12)] + history + [lost])
        #expect(back.report.isEmpty && back.returned == [Self.hex(lost)])
        #expect(Self.remembered(context).isEmpty, "forgotten once it is back")
        #expect(Self.review(context, history: history).report.isEmpty, "and not said again, even if the vault lacks it again")
    }

    /// The person lets the missing saves go: nothing more is said, the vault is not touched, and
    /// a second time there is nothing to let go.
    @Test func forgettingLetsThemGo() {
        let context = Self.context()
        let lost = Self.mark(0xA2, depth: 2)
        Self.saved(context, lost)
        Self.review(context, history: [Self.mark(0xC2, depth: 2), Self.base])
        #expect(Self.remembered(context) == [Self.hex(lost)])
        #expect(context.forgetOwnSaves(path: TrustContextTests.path, vaultID: TrustContextTests.header().vaultID))
        #expect(Self.remembered(context).isEmpty && Self.own(context).isEmpty)
        #expect(Self.review(context, history: [Self.mark(0xC2, depth: 2), Self.base]).report.isEmpty)
        #expect(!context.forgetOwnSaves(path: TrustContextTests.path, vaultID: TrustContextTests.header().vaultID))
    }

    /// At most `OwnSave.missingKept` missing saves are kept, the latest ones.
    @Test func theMissingListIsCapped() {
        let context = Self.context()
        let marks = (1...40).map { Self.mark(UInt8($0), depth: UInt64($0) + 1) }
        for batch in stride(from: 0, to: marks.count, by: 5) {
            for mark in marks[batch..<batch + 5] { Self.saved(context, mark) }
            Self.review(context, history: [Self.mark(0xEE, depth: 99), Self.base])
        }
        #expect(Self.remembered(context) == marks.suffix(OwnSave.missingKept).map { Self.hex($0) })
    }

    /// A save noted before its rename whose rename never happened (the write failed): the vault
    /// and the copies lack it, and it is forgotten without a word (no phantom "may be lost").
    @Test func aPendingSaveNeverWrittenIsDroppedQuietly() {
        let context = Self.context()
        let written = Self.mark(0xA3, depth: 1)
        Self.saved(context, written)
        let failed = Self.mark(0xA4, depth: 2)
        Self.saved(context, failed, confirmed: false)
        #expect(Self.own(context).last?.isPending == true)

        let review = Self.review(context, history: [written], copies: [("copy", [Self.base])])
        #expect(review.report.isEmpty, "nothing said")
        #expect(review.dropped == [Self.hex(failed)])
        #expect(Self.own(context).map(\.id) == [Self.hex(written)] && Self.remembered(context).isEmpty)
    }

    /// A save renamed into place whose confirmation was lost (the process ended, the ledger was
    /// busy): still looked for. In the vault it is confirmed; kept over by another computer's
    /// save, it is said missing and found in the conflict copy that holds it.
    @Test func aSaveWhoseConfirmationWasLostIsStillFound() {
        let context = Self.context()
        let landed = Self.mark(0xA5, depth: 2)
        Self.saved(context, landed, confirmed: false)
        let here = Self.review(context, history: [landed, Self.base])
        #expect(here.report.isEmpty && here.confirmed == [Self.hex(landed)])
        #expect(Self.own(context).first?.isPending == false)

        let kept = Self.mark(0xA6, depth: 3)
        Self.saved(context, kept, confirmed: false)
        let theirs = Self.mark(0xC6, depth: 3)
        let review = Self.review(context, history: [theirs, landed, Self.base], copies: [("unread", nil), ("copy", [kept, landed, Self.base])])
        #expect(review.report.saves.map(\.id) == [Self.hex(kept)] && review.report.foundIn == ["copy"])
        #expect(review.confirmed == [Self.hex(kept)] && review.dropped.isEmpty)
        #expect(Self.remembered(context) == [Self.hex(kept)] && Self.own(context).allSatisfy { !$0.isPending })
    }

    /// Noted before the rename and confirmed after: one entry, confirmed. Nothing missing: the
    /// copies are not even read.
    @Test func aConfirmedSaveIsOneEntry() {
        let context = Self.context()
        let mark = Self.mark(0xA7, depth: 1)
        Self.saved(context, mark)
        #expect(Self.own(context) == [OwnSave(mark, day: "2026-12-06")])
        let review = MissingSaves.review(own: Self.own(context), remembered: [], history: [mark]) {
            Issue.record("copies read with nothing missing")
            return []
        }
        #expect(review == MissingSaveReview(report: MissingSaveReport(saves: [])))
    }

    /// A file written without the history: every save of this computer is said missing, with why.
    @Test func aFileWithoutTheHistorySaysWhy() {
        let context = Self.context()
        Self.saved(context, Self.mark(0xA8, depth: 1))
        Self.saved(context, Self.mark(0xA9, depth: 2))
        let review = Self.review(context, history: [])
        #expect(review.report.saves.count == 2 && review.report.withoutHistory)
        #expect(!Self.review(context, history: [Self.base]).report.withoutHistory)
    }
}
