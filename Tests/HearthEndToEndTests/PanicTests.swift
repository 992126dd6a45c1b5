import Foundation
import HearthTestSupport
import Testing

/// `hearth panic` reaches agents that no socket leads to, and an agent whose socket path was
/// taken over locks by itself.
@Suite(.serialized, .ownThreads) struct SessionPanicTests {
    @Test func panicEndsAnAgentThatNoSocketLeadsTo() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        guard let prefix = SessionSandbox.privatePIDs else {
            try Test.cancel("ending agents by their command line needs a private pid namespace here, so that other tests' agents are out of reach")
        }
        let elsewhere = box.root + "/elsewhere"
        mkdir(elsewhere, 0o700)
        // One shell in its own pid namespace: unlock with one runtime folder, then panic from an
        // environment that points to other folders (as a screen locker's hook might), where no
        // socket leads to the agent.
        let script = """
            H='\(SessionSandbox.binary)'
            XDG_RUNTIME_DIR='\(box.runtime)' "$H" unlock --passphrase-file '\(box.passphraseFile)' || exit 3
            XDG_RUNTIME_DIR='\(box.runtime)' "$H" status --json > '\(box.root)/before.json'
            XDG_RUNTIME_DIR='\(elsewhere)' TMPDIR='\(elsewhere)' "$H" panic 2> '\(box.root)/panic.err' || exit 4
            XDG_RUNTIME_DIR='\(box.runtime)' "$H" status --json > '\(box.root)/after.json'
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: prefix[0])
        process.arguments = Array(prefix.dropFirst()) + ["/bin/sh", "-c", script]
        process.environment = box.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let before = try String(contentsOfFile: box.root + "/before.json", encoding: .utf8)
        let told = try String(contentsOfFile: box.root + "/panic.err", encoding: .utf8)
        let after = try String(contentsOfFile: box.root + "/after.json", encoding: .utf8)
        #expect(before.contains("\"unlocked\" : true"), "\(before)")
        #expect(told.contains("Ended 1 more session; its key was wiped from memory"), "\(told)")
        #expect(after.contains("\"unlocked\" : false"), "\(after)")
        // Ended by SIGTERM, the agent locked properly: its socket and lock file are gone.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: box.runtime + "/hearth")) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test func anAgentWhoseSocketPathNamesAnotherSocketLocks() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        let path = try #require(box.sockets.first)
        // Another socket bound at the same path (as a second unlock racing this one would):
        // the path still exists, but no longer names the inode the agent bound.
        #expect(unlink(path) == 0)
        let other = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue), 0)
        defer { close(other) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(other, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(await ProcessState.exited(pid, seconds: 3), "the agent locks")
        #expect(FileManager.default.fileExists(atPath: path), "and leaves the socket it does not own alone")
        unlink(path)
    }
}

extension SessionPanicTests {
    @Test func anAgentWhoseVaultFileIsGoneLocks() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault()
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        // Moved away (as when it is deleted, or its drive is pulled out).
        #expect(rename(box.vault, box.root + "/moved.hearth") == 0)
        #expect(await ProcessState.exited(pid, seconds: 3), "the agent locks")
    }
}
