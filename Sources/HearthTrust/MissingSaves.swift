import HearthVault

/// Whether a save this computer made is missing from the vault now at its path, and where it
/// is (Docs/SECURITY.md, "Knowing when a save of yours is missing"). Pure: the ledger's own
/// saves, the file's save history and the histories of the conflict copies beside it go in;
/// what to say comes out.
public enum MissingSaves {
    /// The saves of `own` that the history `history` (deepest first) lacks, oldest first.
    ///
    /// A save is missing when its id is not in the history and the history would have kept it:
    /// the history holds fewer marks than its limit (nothing ever fell out), or the save's mark
    /// is kept over the shallowest mark held (`SaveMark.isKept`). A save that may simply have
    /// fallen out (256 saves later) is not said missing. An empty history (a vault last saved
    /// by a Hearth from before the history) knows nothing: nothing is missing.
    public static func missing(_ own: [OwnSave], history: [SaveMark]) -> [OwnSave] {
        guard let shallowest = history.last else { return [] }
        let held = Set(history.map(\.id))
        let full = history.count >= SaveMark.historyLimit
        return own.filter { save in
            guard let mark = save.mark, !held.contains(mark.id) else { return false }
            return !full || mark.isKept(over: shallowest)
        }
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

    public init(saves: [OwnSave]) { self.saves = saves }

    /// True when every save of this computer is in the vault: nothing to say.
    public var isEmpty: Bool { saves.isEmpty }

    /// The latest missing save, which the message names.
    public var latest: OwnSave? { saves.last }
}
