import ArgumentParser
import Foundation
import HearthBackup
import HearthCommandJSON
import HearthMessages
import HearthVault

struct Verify: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a vault or a backup in full (needs its passphrase).",
        discussion: """
            Checks the header, the key slot your passphrase opens, the header's authentication, every \
            encrypted chunk in order to the end, the key-slot details, SQLite's integrity and foreign-key \
            checks, and the schema. Exit 0: all good. 1: problems found (listed). 65: damaged. \
            77: wrong passphrase. Nothing is ever changed.
            """)

    @Argument(help: "The vault or backup file to check (default: the vault).")
    var file: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions

    func execute() throws {
        var target = vault
        if let file {
            target.vaultPath = file
        }
        let path = target.path
        do {
            // Damage and "not a vault" are found before any passphrase is asked for.
            _ = try Vault.readHeader(at: path)
            let (report, opened) = try target.opening { credential in
                try ProgressLine.shared.during(.progressOpeningAndChecking) { try VaultCheck.run(path: path, credential: credential, progress: ProgressLine.percent(Message.progressCheckingVault)) }
            }
            // The working vault is told to the trust context; another file (a backup) is only read.
            if file.map({ realPath($0) == realPath(vault.path) }) ?? true {
                CommandTrust.read(path, header: opened.opened.header, identity: opened.opened.keys.epoch.identity)
            }
            if json {
                try Console.json(VerifyJSON.report(report))
            } else {
                try Console.output(Self.text(report))
            }
            if !report.isGood { throw ExitCode(ExitStatus.refused.rawValue) }
        } catch let error as VaultError {
            let failure = Self.failure(for: error, path: path)
            if json {
                try Console.json(VerifyJSON.failure(path: path, status: Self.statusWord(failure.status), problem: failure.message.fullText))
            }
            throw failure
        }
    }

    static func failure(for error: VaultError, path: String) -> CLIFailure {
        switch error {
        case .damaged(let detail):
            return CLIFailure(.invalidData, .copyDamaged(path: path, detail: detail))
        case .wrongSecret:
            return CLIFailure(.wrongSecret, .copyWrongSecret(path: path))
        default:
            return FailureReport.failure(for: error)
        }
    }

    static func statusWord(_ status: ExitStatus) -> String {
        switch status {
        case .ok: "good"
        case .refused: "problems"
        case .invalidData: "damaged"
        case .wrongSecret: "wrong_passphrase"
        case .notFound: "not_found"
        case .newerFormat: "newer_format"
        default: "error"
        }
    }

    static func text(_ report: VaultCheckReport) -> String {
        let header = report.header
        var lines = [
            "Checked \(report.path) (\(BackupFailures.megabytes(report.fileLength)), format \(header.version), save \(header.generation), key epoch \(header.keyEpoch))",
            "  ok  header: checksum, layout and bounds",
        ]
        if let slot = report.openedSlot {
            lines.append("  ok  key slot \(slot.index) (\(slot.type.name)) opens with the secret given")
            lines.append("  ok  key-slot details (labels and dates) authenticate")
        } else {
            lines.append("  --  key slots not opened (an unlocked session's key was used)")
        }
        lines.append("  ok  header authenticated")
        lines.append("  ok  \(header.chunkCount) encrypted chunk(s) decrypted and authenticated, in order, to the end")
        let counts = report.recordCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        if report.isGood {
            lines.append("  ok  records database: SQLite integrity and foreign-key checks, schema")
            if !counts.isEmpty { lines.append("Records: \(counts)") }
            lines.append("All good.")
        } else {
            for problem in report.problems { lines.append("  PROBLEM  \(problem)") }
            if !counts.isEmpty { lines.append("Records: \(counts)") }
            lines.append("Found \(report.problems.count) problem(s). Nothing was changed.")
        }
        return lines.joined(separator: "\n")
    }
}
