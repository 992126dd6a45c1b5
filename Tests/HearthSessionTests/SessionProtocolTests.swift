import Foundation
import HearthCrypto
import Testing

@testable import HearthSession

@Suite struct SessionProtocolTests {
    let id: [UInt8] = (0..<16).map { UInt8($0 * 7 + 1) }

    func parse(_ bytes: [UInt8]) -> Result<SessionRequest, SessionRequest.ParseFailure> {
        bytes.withUnsafeBytes { SessionRequest.parse($0) }
    }

    @Test func requestsRoundTrip() throws {
        for type in [RequestType.key, .status, .lock, .epochSeen] {
            let request = SessionRequest(type: type, vaultID: id, argument: 0x0102_0304_0506_0708)
            let bytes = request.encoded()
            #expect(bytes.count == SessionProtocol.requestLength)
            #expect(try parse(bytes).get() == request)
        }
    }

    @Test func wrongLengthsAreMalformed() {
        let good = SessionRequest(type: .key, vaultID: id).encoded()
        #expect(parse([]) == .failure(.malformed))
        #expect(parse([SessionProtocol.version]) == .failure(.malformed))
        #expect(parse(Array(good.dropLast())) == .failure(.malformed))
        #expect(parse(good + [0]) == .failure(.malformed))
        #expect(parse(good + [UInt8](repeating: 0xFF, count: 4000)) == .failure(.malformed))
    }

    @Test func unknownTypeAndVersionAreRefused() {
        var bytes = SessionRequest(type: .key, vaultID: id).encoded()
        bytes[1] = 0
        #expect(parse(bytes) == .failure(.malformed))
        bytes[1] = 99
        #expect(parse(bytes) == .failure(.malformed))
        bytes[1] = RequestType.key.rawValue
        bytes[0] = 1  // an earlier version (its key reply had no slot-table digest)
        #expect(parse(bytes) == .failure(.unsupportedVersion))
        bytes[0] = 2  // the previous version (its key reply carried the epoch key)
        #expect(parse(bytes) == .failure(.unsupportedVersion))
        bytes[0] = 4
        #expect(parse(bytes) == .failure(.unsupportedVersion))
        bytes[0] = 0
        #expect(parse(bytes) == .failure(.unsupportedVersion))
    }

    @Test func everyShortPrefixAndByteFlipIsHandled() {
        // No input of up to the maximum length may crash the parser; flips of the type byte
        // never yield a request type that does not exist.
        let good = SessionRequest(type: .status, vaultID: id).encoded()
        for n in 0...SessionProtocol.maximumMessage {
            let bytes = (0..<n).map { $0 < good.count ? good[$0] : 0xAA }
            _ = parse(bytes)
        }
        for value in 0...255 {
            var bytes = good
            bytes[1] = UInt8(value)
            if case .success(let request) = parse(bytes) { #expect(request.type.rawValue == UInt8(value)) }
        }
    }

    @Test func statusRoundTrip() {
        let status = SessionStatus(epoch: 3, idleSecondsLeft: 899, maximumSecondsLeft: 28_000)
        let bytes = status.encoded()
        #expect(bytes.count == 26)
        #expect(bytes.withUnsafeBytes { SessionStatus.parse($0) } == status)
        #expect(status.secondsLeft == 899)
        #expect(Array(bytes.prefix(25)).withUnsafeBytes { SessionStatus.parse($0) } == nil)
    }

    @Test func keyReplyRoundTripStaysInSecretMemory() throws {
        let key = try SecretBytes(randomCount: SessionProtocol.keyLength)
        let digest = (0..<32).map { UInt8($0 ^ 0x5A) }
        let reply = try KeyReply.encode(epoch: 7, key: key, slotTableDigest: digest)
        #expect(reply.count == KeyReply.length && KeyReply.length == 123)
        let decoded = try #require(try KeyReply.decode(reply, length: KeyReply.length))
        #expect(decoded.epoch == 7)
        #expect(decoded.key == key)
        #expect(decoded.slotTableDigest == digest)
        #expect(try KeyReply.decode(reply, length: KeyReply.length - 1) == nil)
        #expect(try KeyReply.decode(reply, length: KeyReply.length + 1) == nil)
    }

    @Test func handoverRoundTripsThroughAPipe() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let key = try SecretBytes(randomCount: SessionProtocol.keyLength)
        let digest = (0..<32).map { UInt8(255 - $0) }
        let marks = SessionEndWatch.Marks(leaderPID: 1234, leaderStartTicks: 987_654, loginSessionFile: "/run/systemd/sessions/4")
        var handover = SessionHandover(
            vaultID: id, epoch: 2, slotTableDigest: digest, idleSeconds: 900, maximumSeconds: 28_800, sessionEnd: marks,
            folder: "/run/user/1000/hearth", vaultPath: "/home/a/.local/share/hearth/vault.hearth")
        handover.keepOverSuspend = true
        #expect(handover.write(to: fds[1], key: key))
        close(fds[1])
        let (read, readKey) = try #require(SessionHandover.read(from: fds[0]))
        #expect(read.slotTableDigest == digest && read.keepOverSuspend)
        #expect(read.vaultID == id && read.epoch == 2 && read.idleSeconds == 900 && read.maximumSeconds == 28_800)
        #expect(read.sessionEnd == marks && read.folder == handover.folder && read.vaultPath == handover.vaultPath)
        #expect(readKey == key)
    }

    @Test func truncatedHandoverIsRefused() throws {
        let key = try SecretBytes(randomCount: SessionProtocol.keyLength)
        let handover = SessionHandover(
            vaultID: id, epoch: 1, slotTableDigest: [UInt8](repeating: 3, count: 32), idleSeconds: 1, maximumSeconds: 1, sessionEnd: .none, folder: "/x", vaultPath: "/y")
        let full = handover.encodedFacts().count + 32
        for cut in [0, 5, 8, 30, full - 1] {
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            var writer: [Int32] = [0, 0]
            #expect(pipe(&writer) == 0)
            // Write the whole hand-over into a scratch pipe, then copy only `cut` bytes across.
            #expect(handover.write(to: writer[1], key: key))
            close(writer[1])
            var bytes = [UInt8](repeating: 0, count: full)
            _ = bytes.withUnsafeMutableBytes { Pipe.readExactly(writer[0], into: $0) }
            close(writer[0])
            _ = bytes.withUnsafeBytes { Pipe.writeAll(fds[1], UnsafeRawBufferPointer(rebasing: $0[0..<cut])) }
            close(fds[1])
            #expect(SessionHandover.read(from: fds[0]) == nil, "cut at \(cut)")
            close(fds[0])
        }
    }
}

@Suite struct SessionDirectoryTests {
    func scratch() throws -> String {
        var template = Array("/tmp/hearth-dir-test-XXXXXX".utf8CString)
        let made = try #require(mkdtemp(&template))
        return String(cString: made)
    }

    @Test func socketNameIsAHashOfTheVaultID() throws {
        let directory = SessionDirectory(path: "/run/user/1000/hearth")
        let id = [UInt8](repeating: 0xAB, count: 16)
        let path = directory.socketPath(vaultID: id)
        #expect(path.hasPrefix("/run/user/1000/hearth/agent-"))
        #expect(!path.contains("abab"))
        #expect(path != directory.socketPath(vaultID: [UInt8](repeating: 0xAC, count: 16)))
        #expect(path == directory.socketPath(vaultID: id))
    }

    @Test func runtimeFolderIsPreferredAndTmpIsTheFallback() {
        let none = "/nonexistent-run-user"  // as on a machine without logind
        func current(_ environment: [String: String]) -> String {
            SessionDirectory.current(environment: environment, systemRuntimeBase: none).path
        }
        #expect(current(["XDG_RUNTIME_DIR": "/run/user/5"]) == "/run/user/5/hearth")
        #expect(current([:]) == "/tmp/hearth-agent-\(geteuid())")
        #expect(current(["XDG_RUNTIME_DIR": "relative"]) == "/tmp/hearth-agent-\(geteuid())")
        #expect(current(["TMPDIR": "/var/tmp/me"]) == "/var/tmp/me/hearth-agent-\(geteuid())")
        #expect(current(["TMPDIR": "x"]) == "/tmp/hearth-agent-\(geteuid())")
        #expect(SessionDirectory.allCandidates(environment: ["XDG_RUNTIME_DIR": "/r", "TMPDIR": "/t"]).map(\.path) == [
            "/r/hearth", "/run/user/\(geteuid())/hearth", "/t/hearth-agent-\(geteuid())", "/tmp/hearth-agent-\(geteuid())",
        ])
    }

    @Test func withoutTheVariableTheSystemsRuntimeFolderComesBeforeTmp() throws {
        // A stand-in for /run/user: UID inside it, private to this user.
        let base = try scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let mine = base + "/\(geteuid())"
        #expect(mkdir(mine, 0o700) == 0)
        let environment = ["TMPDIR": "/var/tmp/me"]
        #expect(SessionDirectory.current(environment: environment, systemRuntimeBase: base).path == mine + "/hearth")
        // XDG_RUNTIME_DIR, when set, still comes first.
        #expect(SessionDirectory.current(environment: ["XDG_RUNTIME_DIR": "/r"], systemRuntimeBase: base).path == "/r/hearth")
        // A folder others can open, or a link, is passed over for the temporary folder.
        chmod(mine, 0o755)
        #expect(SessionDirectory.current(environment: environment, systemRuntimeBase: base).path == "/var/tmp/me/hearth-agent-\(geteuid())")
        chmod(mine, 0o700)
        #expect(rmdir(mine) == 0 && symlink("/tmp", mine) == 0)
        #expect(SessionDirectory.current(environment: environment, systemRuntimeBase: base).path == "/var/tmp/me/hearth-agent-\(geteuid())")
    }

    @Test func aTemporaryFolderNeedsAParentNobodyElseCanChange() throws {
        var template = Array("/tmp/hearth-parent-test-XXXXXX".utf8CString)
        let base = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: base) }
        let directory = SessionDirectory(path: base + "/hearth-agent-\(geteuid())")
        chmod(base, 0o777)  // anyone could move the folder away
        #expect(throws: SessionDirectory.Problem.tooOpen(base, mode: 0o777)) { try directory.prepare() }
        chmod(base, 0o1777)  // sticky, like /tmp
        try directory.prepare()
        chmod(base, 0o755)  // this user's, closed to others
        try directory.check()
    }

    @Test func preparesAPrivateFolderAndRefusesLooseOnes() throws {
        let base = try scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let directory = SessionDirectory(path: base + "/hearth")
        try directory.prepare()
        var info = stat()
        #expect(lstat(directory.path, &info) == 0 && info.st_mode & 0o777 == 0o700)

        chmod(directory.path, 0o755)
        #expect(throws: SessionDirectory.Problem.tooOpen(directory.path, mode: 0o755)) { try directory.check() }
        chmod(directory.path, 0o700)
        chmod(base, 0o711)
        #expect(throws: SessionDirectory.Problem.self) { try directory.check() }
        chmod(base, 0o700)
        try directory.check()
    }

    @Test func aTakenTemporaryFolderGivesAFreshPrivateOneThatCommandsFind() throws {
        let base = try scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let environment = ["TMPDIR": base]
        let none = "/nonexistent-run-user"
        let usual = base + "/hearth-agent-\(geteuid())"
        // Someone else's name: a link (to a folder that would pass every check if followed).
        #expect(mkdir(base + "/bait", 0o700) == 0 && symlink(base + "/bait", usual) == 0)
        // Decoys with the fallback prefix that are not ours or not private are never chosen.
        #expect(mkdir(usual + ".aaaaaa", 0o755) == 0)
        #expect(symlink(base + "/bait", usual + ".AAAAAA") == 0)
        let made = try SessionDirectory.prepared(environment: environment, systemRuntimeBase: none)
        #expect(made.path.hasPrefix(usual + ".") && made.path.count == usual.count + 7)
        var info = stat()
        #expect(lstat(made.path, &info) == 0 && info.st_mode & 0o7777 == 0o700 && (info.st_mode & S_IFMT) == S_IFDIR)
        #expect(SessionDirectory.current(environment: environment, systemRuntimeBase: none).path == made.path)
        #expect(try SessionDirectory.prepared(environment: environment, systemRuntimeBase: none).path == made.path)
        #expect(SessionDirectory.allCandidates(environment: environment).map(\.path).contains(made.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: base + "/bait").isEmpty)

        // A newer one of ours (two unlocks at one moment) does not take over: the oldest is used.
        usleep(20_000)
        let newer = usual + ".zzzzzz"
        #expect(mkdir(newer, 0o700) == 0)
        #expect(SessionDirectory.current(environment: environment, systemRuntimeBase: none).path == made.path)

        // The usual name free again and ours: it is used again.
        #expect(unlink(usual) == 0 && mkdir(usual, 0o700) == 0)
        #expect(SessionDirectory.current(environment: environment, systemRuntimeBase: none).path == usual)
    }

    @Test func ownFoldersMustBeExactly0700() throws {
        let base = try scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let directory = SessionDirectory(path: base + "/hearth")
        try directory.prepare()
        for mode: mode_t in [0o500, 0o600, 0o1700, 0o2700] {
            chmod(directory.path, mode)
            #expect(throws: SessionDirectory.Problem.tooOpen(directory.path, mode: UInt32(mode))) { try directory.check() }
        }
    }

    @Test func refusesASymbolicLinkAndAnotherOwner() throws {
        let base = try scratch()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let real = base + "/real"
        #expect(mkdir(real, 0o700) == 0)
        #expect(symlink(real, base + "/hearth") == 0)
        #expect(throws: SessionDirectory.Problem.notADirectory(base + "/hearth")) {
            try SessionDirectory(path: base + "/hearth").check()
        }
        guard geteuid() == 0 else {
            try Test.cancel("it needs root to give a folder away")
        }
        #expect(chown(real, 65534, 65534) == 0)
        #expect(throws: SessionDirectory.Problem.wrongOwner(real, owner: 65534)) { try SessionDirectory(path: real).check() }
    }
}
