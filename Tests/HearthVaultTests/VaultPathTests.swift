import Foundation
import Testing

@testable import HearthVault

/// Where the vault is when --vault is not given, and which symbolic links are followed: in process.
struct VaultPathTests {
    @Test(arguments: [
        ("/given.hearth", ["HEARTH_VAULT": "/env.hearth"], "/given.hearth"),
        ("", ["HEARTH_VAULT": "/env.hearth", "XDG_DATA_HOME": "/data"], "/env.hearth"),
        (nil, ["HEARTH_VAULT": "", "XDG_DATA_HOME": "/data"], "/data/hearth/vault.hearth"),
        (nil, ["XDG_DATA_HOME": ""], "/home/h/.local/share/hearth/vault.hearth"),
        (nil, [:], "/home/h/.local/share/hearth/vault.hearth"),
    ] as [(String?, [String: String], String)])
    func resolve(_ explicit: String?, _ environment: [String: String], _ expected: String) {
        #expect(VaultPath.resolve(explicit, environment: environment, home: "/home/h") == expected)
    }

    /// A link into a private folder of this account is followed; a dangling one, or one into a
    /// folder others can write, is refused; a plain file is itself.
    @Test func linksAreFollowedOnlyIntoPrivateFolders() throws {
        let root = NSTemporaryDirectory() + "hearth-vaultpath-" + UUID().uuidString
        let closed = root + "/closed", open = root + "/open"
        for folder in [closed, open] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        chmod(root, 0o700)
        chmod(closed, 0o700)
        chmod(open, 0o777)
        for folder in [closed, open] { FileManager.default.createFile(atPath: folder + "/v.hearth", contents: Data()) }
        try FileManager.default.createSymbolicLink(atPath: root + "/good", withDestinationPath: closed + "/v.hearth")
        try FileManager.default.createSymbolicLink(atPath: root + "/shared", withDestinationPath: open + "/v.hearth")
        try FileManager.default.createSymbolicLink(atPath: root + "/dangling", withDestinationPath: closed + "/none")

        #expect(VaultPath.linkRefusal(closed + "/v.hearth") == nil)
        #expect(VaultPath.followingLink(closed + "/v.hearth") == closed + "/v.hearth")
        #expect(VaultPath.linkRefusal(root + "/good") == nil)
        let real = try #require(realpath(closed + "/v.hearth", nil))
        defer { free(real) }
        #expect(VaultPath.followingLink(root + "/good") == String(cString: real))
        #expect(VaultPath.linkRefusal(root + "/dangling") == .dangling(path: root + "/dangling"))
        guard case .unsafe(_, _, _, let othersOwnIt, let mode)? = VaultPath.linkRefusal(root + "/shared") else {
            Issue.record("a link into a folder others can write must be refused")
            return
        }
        #expect(!othersOwnIt && mode == "777")
    }

    /// A folder others can write without the sticky bit gets the note; a private one, or one with
    /// the sticky bit (/tmp), does not; a link is linkRefusal's.
    @Test func openFoldersAreNoted() throws {
        let root = NSTemporaryDirectory() + "hearth-openfolder-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (mode, noted) in [(0o700, false), (0o755, false), (0o777, true), (0o1777, false), (0o770, true)] as [(mode_t, Bool)] {
            chmod(root, mode)
            let note = VaultPath.openFolder(root + "/v.hearth")
            #expect((note != nil) == noted, "mode \(String(mode, radix: 8))")
            if let note { #expect(note.folder == root && note.mode == String(mode, radix: 8) && !note.othersOwnIt) }
        }
        chmod(root, 0o777)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: "/nonexistent")
        #expect(VaultPath.openFolder(root + "/link") == nil)
        chmod(root, 0o700)
    }
}
