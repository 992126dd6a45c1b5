import HearthDraftOrigin
import HearthMessages
import HearthRecords

/// Wires `DraftOrigin` and `DraftPlacement` (below the CLI) to the opened vault: the origin a new
/// draft records, and the refusal of a draft given for another vault or record.
extension RecordAccess {
    /// The vault this command opened, as a draft records it (and, for an edit, the record and the
    /// version the edit started from).
    func draftOrigin(editing record: AnyRecord? = nil) -> DraftOrigin {
        DraftOrigin(
            vaultID: vault.opened.header.vaultID, vaultPath: vault.opened.path, recordID: record?.id,
            recordVersion: record?.common.updatedAt.iso8601)
    }

    /// Throws the refusal when `origin` is for another vault (unless `intoThisVault`) or, with
    /// `editing` (the full id of a record of `kind`), for another record; before anything is
    /// written. `command`: the command as run, without `--draft`, for the message's next step.
    func requirePlacement(
        of origin: DraftOrigin?, draft path: String, command: String, editing: String? = nil, kind: RecordKind? = nil,
        intoThisVault: Bool
    ) throws {
        let placement = DraftPlacement.decide(origin, vaultID: vault.opened.header.vaultID, editing: editing, intoThisVault: intoThisVault)
        guard let status = placement.refusal,
              let message = Message.draftRefused(
                placement, draft: path, command: command, singular: kind?.singular ?? "record", commandName: kind?.commandName ?? "",
                vaultPath: draftOrigin().vaultPath ?? "")
        else { return }
        throw CLIFailure(status, message)
    }
}
