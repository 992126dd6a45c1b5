import ArgumentParser
import Foundation
import HearthBackup
import HearthInsights
import HearthMessages
import HearthRecords
import HearthSession
import HearthVault

struct Status: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the vault's file facts (no passphrase needed); with a passphrase given, also record counts.")

    @OptionGroup var vault: VaultOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func execute() throws {
        let path = vault.path
        let (header, length) = try Vault.readHeader(at: path)
        let slots = header.slots.compactMap { $0 }
        let session = UnlockedSession.status(for: header)
        var counts: [String: Int]?
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
            let keys = opened.opened.keys.epoch
            opens = copies.map { ConflictCopies.opens($0, keys: keys) }
        } else {
            // Without a key: at most a note of what the file claims, and nothing recorded.
            CommandTrust.read(path, header: header, identity: nil)
        }
        if json {
            var object: [String: Any] = [
                "path": path,
                "format_version": Int(header.version),
                "size": Int(length),
                "slots": slots.count,
                "key_epoch": Int(header.keyEpoch),
                "generation": Int(header.generation),
                "kdf": slots.map { ["slot": $0.index, "ops_limit": Int($0.kdf.opsLimit), "mem_limit_bytes": Int($0.kdf.memLimitBytes)] },
                "session": Self.sessionObject(session),
            ]
            if let counts { object["records"] = counts }
            object["conflict_copies"] = zip(copies, opens).map { copy, opens in
                [
                    "path": copy.path, "tool": copy.tool.rawValue, "save": copy.save.map { Int($0) } ?? NSNull(),
                    "opens": opens ?? NSNull(),
                ] as [String: Any]
            }
            try Console.output(try JSONText.encode(object))
            return
        }
        var lines = [
            "Vault:        \(path)",
            "Format:       version \(header.version)",
            "Size:         \(ByteCountFormatter.string(fromByteCount: Int64(length), countStyle: .file))",
            "Key slots:    \(slots.count) of \(VaultHeader.slotCount)",
            "Key cost:     " + slots.map { "slot \($0.index): \($0.kdf.summary)" }.joined(separator: "; "),
            "Key epoch:    \(header.keyEpoch)",
            "Saves:        \(header.generation)",
            "Session:      " + Self.sessionLine(session),
        ]
        if let counts {
            lines.append("Records:      " + counts.sorted { $0.key < $1.key }.map { kind, n in
                RecordKind(rawValue: kind).map { Wording.count(n, $0.singular, $0.plural) } ?? "\(n) \(kind)"
            }.joined(separator: ", "))
        }
        for (copy, opens) in zip(copies, opens) {
            lines.append("Conflict copy: \(copy.path) (" + Self.copyFacts(copy, opens: opens) + ")")
        }
        try Console.output(lines.joined(separator: "\n"))
        if !copies.isEmpty { Console.message(.conflictCopiesListed(count: copies.count)) }
    }

    /// What status says about one conflict copy: its tool, its save number, whether it opens.
    static func copyFacts(_ copy: ConflictCopy, opens: Bool?) -> String {
        guard let save = copy.save else { return "\(copy.tool.rawValue); \(copy.problem ?? "damaged"): never merged or removed" }
        let state = switch opens {
        case true?: "opens with the vault's keys"
        case false?: "under other keys: only added from, and kept"
        case nil: "give a passphrase to see whether it opens"
        }
        return "\(copy.tool.rawValue); save \(save); \(state)"
    }

    /// `session` of `status --json`: `unlocked`, `seconds_left` (the sooner of the two
    /// limits, null when locked), each limit, and the agent's pid.
    static func sessionObject(_ session: SessionStatus?) -> [String: Any] {
        guard let session else { return ["unlocked": false, "seconds_left": NSNull()] }
        return [
            "unlocked": true, "seconds_left": Int(session.secondsLeft),
            "idle_seconds_left": Int(session.idleSecondsLeft), "max_seconds_left": Int(session.maximumSecondsLeft),
            "agent_pid": Int(session.agentPID),
        ]
    }

    static func sessionLine(_ session: SessionStatus?) -> String {
        guard let session else { return "locked" }
        let idle = DurationText.spoken(session.idleSecondsLeft)
        let most = DurationText.spoken(session.maximumSecondsLeft)
        return "unlocked, locks in \(DurationText.spoken(session.secondsLeft)) (\(idle) more without use; \(most) at most)"
    }
}

/// Stable, pretty JSON for scripts.
enum JSONText {
    static func encode(_ object: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
