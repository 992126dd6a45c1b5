import Foundation
import HearthDraftOrigin
import HearthMessages
import HearthRecords

/// Wires `DraftOrigin` and `DraftPlacement` (below the CLI) to the opened vault: the origin a new
/// draft records, and the refusal of a draft given for another vault or record.
extension RecordAccess {
    /// The vault this command opened, as a draft records it (and the record, for an edit).
    func draftOrigin(editing recordID: String? = nil) -> DraftOrigin {
        let path = vault.opened.path
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return DraftOrigin(vaultID: vault.opened.header.vaultID, vaultPath: absolute, recordID: recordID)
    }

    /// Throws the refusal when `origin` is for another vault (unless `intoThisVault`) or, with
    /// `editing` (the full id of a record of `kind`), for another record; before anything is
    /// written. `command`: the command as run, without `--draft`, for the message's next step.
    func requirePlacement(
        of origin: DraftOrigin?, draft path: String, command: String, editing: String? = nil, kind: RecordKind? = nil,
        intoThisVault: Bool
    ) throws {
        let placement = DraftPlacement.decide(origin, vaultID: vault.opened.header.vaultID, editing: editing, intoThisVault: intoThisVault)
        guard let status = placement.refusal else { return }
        switch placement {
        case .anotherVault(let origin):
            throw CLIFailure(status, .draftForAnotherVault(
                vaultID: origin.vaultID, shortID: origin.shortVaultID, shownPath: origin.vaultPath,
                command: "\(command) --draft \(path) --into-this-vault"))
        case .anotherRecord(let origin, let named):
            let drafted = origin.recordID ?? ""
            throw CLIFailure(status, .draftForAnotherRecord(
                singular: kind?.singular ?? "record", drafted: drafted, named: named,
                command: "hearth \(kind?.commandName ?? "") edit \(drafted) --draft \(path)"))
        default:
            return
        }
    }
}
