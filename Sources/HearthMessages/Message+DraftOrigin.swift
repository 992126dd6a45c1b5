import Foundation
import HearthDraftOrigin

// The catalogue (Message.swift): a kept draft given to a command for another vault than the one
// it was written for (a stick, another shell's HEARTH_VAULT, another copy), or, for an edit, for
// another record. Refused before anything is written; each says where the draft belongs, that it
// is still there, and the two ways on: the vault it came from, or `--into-this-vault`.

extension Message {
    /// What a refused `placement` says (nil: not refused). `command`: the command as run, without
    /// `--draft`; `singular` and `commandName`: the kind of record an edit draft changes;
    /// `vaultPath`: where the vault opened now is (another vault may have taken the draft's place).
    public static func draftRefused(
        _ placement: DraftPlacement, draft path: String, command: String, singular: String, commandName: String, vaultPath: String
    ) -> Message? {
        switch placement {
        case .anotherVault(let origin):
            draftForAnotherVault(
                vaultID: origin.vaultID, shortID: origin.shortVaultID, shownPath: origin.vaultPath,
                replaced: origin.vaultPath == vaultPath, command: "\(command) --draft \(path) --into-this-vault")
        case .anotherRecord(let origin, let named):
            draftForAnotherRecord(
                singular: singular, drafted: origin.recordID ?? "", named: named,
                command: "hearth \(commandName) edit \(origin.recordID ?? "") --draft \(path)")
        case .belongsHere, .unmarked, .intoThisVault:
            nil
        }
    }

    /// `shownPath`: where the draft's vault was when the draft was written (nil: not known).
    /// `command`: the same command with `--into-this-vault`, to save it here anyway.
    /// `replaced`: the vault opened now is at the path the draft names (a vault made or copied there since).
    public static func draftForAnotherVault(vaultID: String, shortID: String, shownPath: String?, replaced: Bool = false, command: String) -> Message {
        let which = shownPath.map { replaced ? "the one that was at \($0) when it was written; another vault is there now" : "the one at \($0) when it was written" }
            ?? "the one with id \(shortID)…"
        return Message("""
            This draft was written for another vault: \(which). Nothing was changed, and the draft stays where it is.
            To save it there, point --vault or HEARTH_VAULT at that vault and run the same command again.
            To save it into this vault instead: `\(command)`
            """, detail: "The draft's vault_id is \(vaultID); this vault's is another.")
    }

    /// An edit draft given with the id of another record than the one it changes.
    public static func draftForAnotherRecord(singular: String, drafted: String, named: String, command: String) -> Message {
        Message("""
            This draft changes another \(singular) (id \(drafted)), not \(named). Nothing was changed.
            `\(command)` saves it into the \(singular) it was written for.
            """)
    }

    /// `--into-this-vault` given without a draft to save.
    public static var intoThisVaultNeedsDraft: Message {
        Message("`--into-this-vault` goes with `--draft PATH`: it saves a draft written for another vault into this one.")
    }
}
