import ArgumentParser
import Foundation
import HearthBackup
import HearthCommandJSON
import HearthDrafts
import HearthMessages
import HearthRecords
import HearthSession
import HearthStatus
import HearthVault

struct Status: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the vault's file facts (no passphrase needed); with a passphrase given, also record counts.")

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Stop looking for this computer's saves that are not in the vault (after a sync tool dropped them); nothing in the vault changes.")
    var forgetMissing = false

    func execute() throws {
        let path = vault.path
        let (header, length) = try Vault.readHeader(at: path)
        if forgetMissing {
            Console.message(.missingSavesForgotten(CommandTrust.current.forgetOwnSaves(path: path, vaultID: header.vaultID), path: path))
        }
        let session = UnlockedSession.status(for: header)
        var counts: [String: Int]?
        var missing: Int?
        // Conflict copies a sync tool left beside the vault: listed here, so not mentioned again.
        ConflictCopyNote.listedHere()
        let copies = ConflictCopies.find(besideVault: path, vaultID: header.vaultID)
        var opens: [Bool?] = copies.map { $0.isReadable ? nil : false }
        // Counts are private: only with a secret given non-interactively (status never prompts).
        if vault.hasNonInteractiveSecret {
            let credential = try vault.nonInteractiveCredential()
            let opened = try ProgressLine.shared.during(ProgressLine.opening) { try RecordVault.open(at: path, credential: credential) }
            CommandTrust.read(path, header: opened.opened.header, identity: opened.opened.keys.epoch.identity)
            counts = try opened.store.counts()
            missing = MissingSaveNote.check(opened)
            let keys = opened.opened.keys.epoch
            opens = copies.map { ConflictCopies.opens($0, keys: keys) }
        } else {
            // Without a key: at most a note of what the file claims, and nothing recorded.
            CommandTrust.read(path, header: header, identity: nil)
        }
        let report = StatusReport(
            path: path, header: header, length: UInt64(length), session: session, counts: counts,
            copies: zip(copies, opens).map { ($0, $1) }, missingOwnSaves: missing,
            keptDrafts: (try? DraftFolders.memoryBase(environment: Environment.all)).map(DraftFolders.allKeptDrafts) ?? [])
        if json {
            try Console.json(report.object)
            return
        }
        try Console.output(report.lines.joined(separator: "\n"))
        if !copies.isEmpty { Console.message(.conflictCopiesListed(count: copies.count)) }
    }
}
