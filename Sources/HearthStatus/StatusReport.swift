import Foundation
import HearthBackup
import HearthInsights
import HearthRecords
import HearthSession
import HearthVault

/// What `hearth status` reports, built from what it found: the file's facts, the session, the
/// record counts (only with a secret given), and the conflict copies beside the vault with
/// whether each opens under the vault's keys. Its JSON object and its lines are made here; the
/// command only gathers the facts and prints.
public struct StatusReport {
    public let path: String
    public let header: VaultHeader
    /// The file's length in bytes.
    public let length: UInt64
    public let session: SessionStatus?
    /// Records per kind, when a secret was given.
    public let counts: [String: Int]?
    /// Each conflict copy, and whether it opens with the vault's keys (nil: not known).
    public let copies: [(copy: ConflictCopy, opens: Bool?)]
    /// Saves this computer made that the vault lacks now (Docs/SECURITY.md, "Knowing when a save
    /// of yours is missing"); nil when the vault was not opened (no secret given).
    public let missingOwnSaves: Int?
    /// Drafts kept in memory after a failed save (their paths): plaintext waiting to be saved.
    public let keptDrafts: [String]

    public init(
        path: String, header: VaultHeader, length: UInt64, session: SessionStatus?, counts: [String: Int]?,
        copies: [(copy: ConflictCopy, opens: Bool?)], missingOwnSaves: Int? = nil, keptDrafts: [String] = []
    ) {
        self.path = path
        self.header = header
        self.length = length
        self.session = session
        self.counts = counts
        self.copies = copies
        self.missingOwnSaves = missingOwnSaves
        self.keptDrafts = keptDrafts
    }

    private var slots: [KeySlot] { header.slots.compactMap { $0 } }

    /// `status --json`.
    public var object: [String: Any] {
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
        object["missing_own_saves"] = missingOwnSaves ?? NSNull()
        object["kept_drafts"] = keptDrafts
        object["conflict_copies"] = copies.map { copy, opens in
            [
                "path": copy.path, "tool": copy.tool.rawValue, "generation": copy.save.map { Int($0) } ?? NSNull(),
                "opens": opens ?? NSNull(),
            ] as [String: Any]
        }
        return object
    }

    /// `status` for people.
    public var lines: [String] {
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
        if let missing = missingOwnSaves, missing > 0 {
            lines.append("Missing:      " + Wording.count(missing, "save", "saves") + " made on this computer, not in the vault now")
        }
        for (copy, opens) in copies {
            lines.append("Conflict copy: \(copy.path) (" + Self.copyFacts(copy, opens: opens) + ")")
        }
        for draft in keptDrafts {
            lines.append("Kept draft:   \(draft) (in memory; `--draft PATH` saves it, rm -r its folder throws it away)")
        }
        return lines
    }

    /// What status says about one conflict copy: its tool, its save number, whether it opens.
    public static func copyFacts(_ copy: ConflictCopy, opens: Bool?) -> String {
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
    public static func sessionObject(_ session: SessionStatus?) -> [String: Any] {
        guard let session else { return ["unlocked": false, "seconds_left": NSNull()] }
        return [
            "unlocked": true, "seconds_left": Int(session.secondsLeft),
            "idle_seconds_left": Int(session.idleSecondsLeft), "max_seconds_left": Int(session.maximumSecondsLeft),
            "agent_pid": Int(session.agentPID),
        ]
    }

    public static func sessionLine(_ session: SessionStatus?) -> String {
        guard let session else { return "locked" }
        let idle = DurationText.spoken(session.idleSecondsLeft)
        let most = DurationText.spoken(session.maximumSecondsLeft)
        return "unlocked, locks in \(DurationText.spoken(session.secondsLeft)) (\(idle) more without use; \(most) at most)"
    }
}
