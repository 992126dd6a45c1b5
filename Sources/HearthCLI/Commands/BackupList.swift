import ArgumentParser
import Foundation
import HearthBackup
import HearthCommandJSON
import HearthMessages
import HearthRunContext
import HearthVault

struct BackupList: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the backups on a drive or in a folder (no passphrase needed).")

    @Argument(help: "The drive or folder (or its Hearth/ folder). Without it: every mounted removable drive.")
    var destination: String?

    @OptionGroup var output: ListingOutput

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    func execute() throws {
        let folders: [String]
        if let destination {
            var info = stat()
            guard stat(destination, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw CLIFailure(.notFound, .noFolderAt(destination))
            }
            folders = [BackupCatalog.folder(for: destination)]
        } else {
            let drives = DriveDiscovery.find(environment: Environment.all)
            guard !drives.isEmpty else {
                throw CLIFailure(.notFound, .noDriveForList)
            }
            folders = drives.map { BackupCatalog.folder(for: $0.mountPoint) }
        }
        let current = try? Vault.readHeader(at: vault.path).header
        let keys = try current.flatMap { try checkingKeys(for: $0) }
        var all: [BackupEntry] = []
        var text: [String] = []
        for folder in folders {
            let entries = BackupCatalog.entries(in: folder, comparedWith: current, keys: keys)
            all += entries
            text.append(entries.isEmpty ? "\(folder): no backups" : "\(folder):")
            text += entries.map { "  " + Self.line($0) }
        }
        if output.any {
            return try Console.listing(all.map { BackupJSON.entry($0, note: Self.note($0.keyState), in: HearthClock.current.timeZone) }, lines: output.jsonl)
        }
        try Console.output(text.joined(separator: "\n"))
        if all.contains(where: { $0.keyState.predatesKeyChange }) {
            Console.message(.oldBackupsOpenWithOldKeys)
        }
    }

    /// The vault's epoch keys, when they can be had without asking: a secret given by option,
    /// file or environment (a wrong one fails, 77), or an unlocked session. With them, each
    /// backup's key epoch and save number are checked rather than taken from its header.
    private func checkingKeys(for header: VaultHeader) throws -> EpochKeys? {
        if vault.hasNonInteractiveSecret {
            let credential = try vault.nonInteractiveCredential()
            do {
                return try Vault.unlock(header, with: credential).epoch
            } catch VaultError.wrongSecret, VaultError.noMatchingSlot {
                // The listing needs no secret: go on without checking, and say so.
                Console.message(.listedUnchecked)
                return nil
            }
        }
        guard let session = try? UnlockedSession.credential(forVaultAt: vault.path) else { return nil }
        return (try? Vault.unlock(header, with: session))?.epoch
    }

    static func line(_ entry: BackupEntry) -> String {
        let date = entry.date.map(Self.displayDate) ?? "date unknown    "
        guard let header = entry.header else {
            return "\(date)  \(entry.name)  cannot be read: \(entry.problem ?? "unknown")"
        }
        var line = "\(date)  save \(header.generation)  key epoch \(header.keyEpoch)  "
            + "\(BackupFailures.megabytes(entry.size))  \(entry.name)"
        if let note = note(entry.keyState) { line += "\n      " + note }
        return line
    }

    static func note(_ state: BackupKeyState) -> String? {
        switch state {
        case .current, .unknown: nil
        case .beforeRekey: "made before a rekey: it still opens with the master key and passphrases of that time"
        case .olderPassphrase: "made before a passphrase was changed or removed: it still opens with that old passphrase"
        case .fewerKeys: "made before a key was added: it opens with the keys it had then"
        case .newerKeys: "made with newer keys than your vault has (a rekey on another copy, or your vault is an older copy?)"
        case .doesNotAuthenticate:
            "its header does not authenticate with your vault's keys: altered, damaged, or from a copy rekeyed on its own (`hearth verify` checks it)"
        case .otherVault: "a backup of another vault"
        }
    }

    static func displayDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
