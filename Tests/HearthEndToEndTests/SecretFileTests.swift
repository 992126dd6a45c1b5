import Foundation
import HearthTestSupport
import Testing

/// A secret file someone else owns or may change is never used: another user could have
/// planted it (a passphrase they know, in /dev/shm before the person's script wrote there).
@Suite("Secret files", .ownThreads)
struct SecretFileTests {
    @Test func aSecretFileOthersOwnOrMayChangeIsRefused() throws {
        let sandbox = Sandbox(mode: .inProcess)
        sandbox.initVault()
        let planted = sandbox.root + "/planted"
        try Data((sandbox.passphrase + "\n").utf8).write(to: URL(fileURLWithPath: planted))
        let list = ["journal", "list", "--vault", sandbox.vault, "--passphrase-file", planted]

        chmod(planted, 0o666)
        let writable = sandbox.run(list)
        #expect(writable.status == 1 && writable.err.contains("did not use it"), "\(writable.status) \(writable.err)")

        chmod(planted, 0o600)
        #expect(sandbox.run(list).status == 0, "a file of one's own, mode 600, is used")
        if isRoot, let nobody = getpwnam("nobody") {
            chown(planted, nobody.pointee.pw_uid, nobody.pointee.pw_gid)
            let foreign = sandbox.run(list)
            #expect(foreign.status == 1 && foreign.err.contains("belongs to another user"), "\(foreign.err)")
            let init2 = sandbox.run(["init", "--vault", sandbox.root + "/second.hearth", "--kdf", "minimum",
                                     "--new-passphrase-file", planted])
            #expect(init2.status == 1 && !FileManager.default.fileExists(atPath: sandbox.root + "/second.hearth"))
        }
    }
}
