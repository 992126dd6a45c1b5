import HearthVault

/// Whether a save this computer made is missing from the vault now at its place, and where it
/// is (Docs/SECURITY.md, "Knowing when a save of yours is missing"). Pure: the ledger's own
/// saves and the saves it found missing before, the file's save history and the histories of
/// the conflict copies beside it go in; what to say, and what the ledger should keep, come out.
public enum MissingSaves {
    /// The saves of `own` and `remembered` that the history `history` (deepest first) lacks,
    /// those of `remembered` first, each once, oldest first.
    ///
    /// One of `own` is missing when its id is not in the history and the history would have
    /// kept it: the history holds fewer marks than its limit (nothing ever fell out), or the
    /// save's mark is kept over the shallowest mark held (`SaveMark.isKept`). A save that may
    /// simply have fallen out (256 saves later) is not said missing. An empty history means the
    /// file was written without Hearth's history of saves (an older Hearth, a copy from before
    /// the history), and every save of this computer writes the history: none of `own` is in
    /// it. One of `remembered` (found missing before) is missing until its id is in the history.
    public static func missing(_ own: [OwnSave], remembered: [OwnSave] = [], history: [SaveMark]) -> [OwnSave] {
        let held = Set(history.map(\.id))
        let full = history.count >= SaveMark.historyLimit
        let shallowest = history.last
        let stillMissing = remembered.filter { save in save.mark.map { !held.contains($0.id) } ?? false }
        let newlyMissing = own.filter { save in
            guard let mark = save.mark, !held.contains(mark.id) else { return false }
            guard let shallowest else { return true }
            return !full || mark.isKept(over: shallowest)
        }
        var seen = Set<String>()
        return (stillMissing + newlyMissing).filter { seen.insert($0.id).inserted }
    }

    /// What this computer's saves at a place come to now: the missing ones located in the
    /// copies beside the vault (`copies`, asked only when one is missing: for each copy, its
    /// history, nil when it did not open with the vault's keys). A pending save (noted before
    /// its rename, never confirmed) that neither the vault nor a copy that opened holds was
    /// never written: dropped without a word.
    public static func review(
        own: [OwnSave], remembered: [OwnSave], history: [SaveMark],
        copies: () -> [(path: String, history: [SaveMark]?)]
    ) -> MissingSaveReview {
        let held = Set(history.map { TrustRecord.hex($0.id) })
        var review = MissingSaveReview(report: MissingSaveReport(saves: []))
        review.confirmed = own.filter { $0.isPending && held.contains($0.id) }.map(\.id)
        review.returned = remembered.filter { held.contains($0.id) }.map(\.id)
        let candidates = missing(own, remembered: remembered, history: history)
        guard !candidates.isEmpty else { return review }
        var report = locate(candidates, copies: copies())
        let neverWritten = Set(report.notFound.filter { save in
            save.isPending && !remembered.contains { $0.id == save.id }
        }.map(\.id))
        review.dropped = candidates.filter { neverWritten.contains($0.id) }.map(\.id)
        report.saves.removeAll { neverWritten.contains($0.id) }
        report.notFound.removeAll { neverWritten.contains($0.id) }
        review.confirmed += report.saves.filter(\.isPending).map(\.id)
        report.withoutHistory = history.isEmpty && !report.saves.isEmpty
        review.report = report
        return review
    }

    /// Whether the history cannot tell about this computer's saves at all: it is full, holds
    /// none of `own`, and some of them would come before its shallowest mark (so `missing` does
    /// not name them: they may have fallen out, after 256 saves elsewhere, or never have come).
    /// A separate question from `missing`, for a note that says "cannot tell" rather than nothing.
    public static func cannotTell(_ own: [OwnSave], history: [SaveMark]) -> Bool {
        guard history.count >= SaveMark.historyLimit, let shallowest = history.last else { return false }
        let held = Set(history.map(\.id))
        let marks = own.compactMap(\.mark)
        guard !marks.isEmpty, !marks.contains(where: { held.contains($0.id) }) else { return false }
        return marks.contains { !$0.isKept(over: shallowest) }
    }

    /// Where the missing saves are: for each copy beside the vault, its history (nil when it
    /// could not be read with the vault's keys in hand: other keys, damage).
    public static func locate(_ missing: [OwnSave], copies: [(path: String, history: [SaveMark]?)]) -> MissingSaveReport {
        var report = MissingSaveReport(saves: missing)
        guard !missing.isEmpty else { return report }
        var unfound = missing
        for copy in copies {
            guard let history = copy.history else {
                report.unreadCopies.append(copy.path)
                continue
            }
            let ids = Set(history.map(\.id))
            let held = unfound.filter { $0.mark.map { ids.contains($0.id) } ?? false }
            guard !held.isEmpty else { continue }
            report.foundIn.append(copy.path)
            unfound.removeAll { save in held.contains(save) }
        }
        report.notFound = unfound
        return report
    }
}

/// What `MissingSaves.review` found: what to say, and what the ledger changes
/// (`TrustContext.settle`).
public struct MissingSaveReview: Equatable, Sendable {
    /// The saves missing now, where they are: said once by any command that opens the vault.
    public var report: MissingSaveReport
    /// Pending saves now seen written (in the vault or in a copy): confirmed.
    public var confirmed: [String] = []
    /// Pending saves nowhere: never written (the save failed before its rename), forgotten.
    public var dropped: [String] = []
    /// Saves found missing before that the vault holds again (a merge brought them back).
    public var returned: [String] = []

    public init(report: MissingSaveReport) { self.report = report }
}

/// What `MissingSaves.locate` found: said once by any command that opens the vault.
public struct MissingSaveReport: Equatable, Sendable {
    /// This computer's saves not in the vault now, oldest first.
    public var saves: [OwnSave]
    /// Conflict copies that hold at least one of them, in the order looked at.
    public var foundIn: [String] = []
    /// Saves no copy that could be read holds: maybe lost (a backup may hold them).
    public var notFound: [OwnSave] = []
    /// Copies that could not be read with the vault's keys in hand (one may hold them).
    public var unreadCopies: [String] = []
    /// The vault was written without Hearth's history of saves (an older Hearth, or a copy
    /// from before it): none of this computer's saves can be in it.
    public var withoutHistory = false

    public init(saves: [OwnSave]) { self.saves = saves }

    /// True when every save of this computer is in the vault: nothing to say.
    public var isEmpty: Bool { saves.isEmpty }

    /// The latest missing save, which the message names.
    public var latest: OwnSave? { saves.last }
}
