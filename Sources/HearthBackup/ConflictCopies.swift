import Foundation
import HearthCrypto
import HearthVault

/// A conflict copy of the vault that a sync tool left beside it (`ConflictCopyName`).
public struct ConflictCopy: Equatable, Sendable {
    public let path: String
    public let tool: ConflictCopyName.Tool
    /// The copy's save number and key epoch, from its header (read without a key); nil when the
    /// file is damaged or not a vault (`problem` says why).
    public let save: UInt64?
    public let keyEpoch: UInt64?
    public let problem: String?
    /// The file that was looked at (device, inode, size, change time): a copy is removed after a
    /// merge only while it is still this very file.
    public let identity: FileStamp?

    public init(path: String, tool: ConflictCopyName.Tool, save: UInt64?, keyEpoch: UInt64?, problem: String?, identity: FileStamp?) {
        self.path = path
        self.tool = tool
        self.save = save
        self.keyEpoch = keyEpoch
        self.problem = problem
        self.identity = identity
    }

    /// True when the header read as a copy of this vault (it may still not open).
    public var isReadable: Bool { problem == nil }
}

/// What identifies a file's content cheaply: it changes when the file is replaced or written.
public struct FileStamp: Equatable, Sendable {
    let device: UInt64, inode: UInt64, size: Int64, changed: Int, changedNanoseconds: Int

    public init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        changed = info.st_ctim.tv_sec
        changedNanoseconds = info.st_ctim.tv_nsec
    }
}

/// Finds the conflict copies of a vault in its folder. Names decide what a file may be; its
/// header decides whether it is a copy of this vault: a look-alike name holding another vault
/// is left out, one holding no readable vault is listed (as damaged) so that it is seen.
/// Only headers are read, never with a key, and nothing is written.
public enum ConflictCopies {
    /// The copies beside the vault at `vaultPath`, by name. Empty when the vault itself cannot
    /// be read (there is then nothing to be a copy of) or its folder cannot be listed.
    public static func find(besideVault vaultPath: String) -> [ConflictCopy] {
        guard let vault = try? VaultSnapshot(path: vaultPath) else { return [] }
        return find(besideVault: vaultPath, vaultID: vault.header.vaultID)
    }

    /// As `find(besideVault:)`, for a vault whose id is known.
    public static func find(besideVault vaultPath: String, vaultID: [UInt8]) -> [ConflictCopy] {
        let folder = PathName.folder(of: vaultPath)
        let vaultName = (vaultPath as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return [] }
        var found: [(name: String, tool: ConflictCopyName.Tool)] = []
        for name in names {
            if case .conflictCopy(let tool) = ConflictCopyName.classify(name, vaultName: vaultName) { found.append((name, tool)) }
        }
        var copies: [ConflictCopy] = []
        for (name, tool) in found.sorted(by: { $0.name < $1.name }) {
            let path = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
            guard let stamp = FileStamp(path: path) else { continue }  // a folder, a link: not a copy
            do {
                let snapshot = try VaultSnapshot(path: path, followingLinks: false)
                guard snapshot.header.vaultID == vaultID else { continue }
                copies.append(ConflictCopy(
                    path: path, tool: tool, save: snapshot.header.generation, keyEpoch: snapshot.header.keyEpoch,
                    problem: nil, identity: stamp))
            } catch {
                copies.append(ConflictCopy(path: path, tool: tool, save: nil, keyEpoch: nil, problem: describe(error), identity: stamp))
            }
        }
        return copies
    }

    /// Whether `copy` opens with the vault's keys in hand (`keys`): the same keys, so
    /// `merge --conflicts` merges it without asking for anything. Only the header is
    /// authenticated (no payload is read); false for a damaged copy or other keys.
    public static func opens(_ copy: ConflictCopy, keys: EpochKeys) -> Bool {
        guard copy.isReadable, copy.keyEpoch == keys.epoch, let snapshot = try? VaultSnapshot(path: copy.path, followingLinks: false)
        else { return false }
        return (try? Vault.unlock(snapshot.header, with: .keys(keys))) != nil
    }

    static func describe(_ error: VaultError) -> String {
        switch error {
        case .notAVault: "not a Hearth vault"
        case .newerFormat: "made by a newer Hearth"
        default: "damaged"
        }
    }
}

/// Whether a command should mention the conflict copies beside its vault (one line, once, at
/// its end): not when it lists or merges them itself (`said`), nor a second time. One per run.
public struct ConflictCopyMention: Sendable {
    /// The vault the command works on.
    public var vaultPath: String?
    /// True once the copies were mentioned or listed.
    public var said = false

    public init() {}

    /// The copies to mention now (none when said already or no vault was named); marks it said.
    public mutating func takeCopiesToMention() -> [ConflictCopy] {
        guard !said, let vaultPath else { return [] }
        said = true
        return ConflictCopies.find(besideVault: vaultPath)
    }
}
