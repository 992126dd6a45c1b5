import Foundation
import HearthTestSupport
import HearthCrypto
import Testing

/// A raw client of the agent's socket, for requests no Hearth command would send.
enum RawAgentClient {
    /// Sends `message` as one SOCK_SEQPACKET message and returns the reply (nil: no reply).
    static func exchange(_ path: String, _ message: [UInt8]) -> [UInt8]? {
        guard let fd = connect(path) else { return nil }
        defer { close(fd) }
        let sent = message.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == message.count else { return nil }
        var reply = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &reply, reply.count, 0)
        return n > 0 ? Array(reply[0..<n]) : nil
    }

    static func connect(_ path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue), 0)
        guard fd >= 0 else { return nil }
        var limit = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// The vault id: bytes 16..<32 of the header (Docs/FORMAT.md).
    static func vaultID(of vault: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: vault))
        return Array(data[16..<32])
    }

    static func request(_ type: UInt8, _ id: [UInt8], argument: UInt64 = 0, version: UInt8 = 3) -> [UInt8] {
        [version, type] + id + (0..<8).map { UInt8(truncatingIfNeeded: argument >> (56 - 8 * UInt64($0))) }
    }
}

@Suite(.serialized, .ownThreads) struct AgentProtocolTests {
    @Test func malformedAndOversizedRequestsAreRefused() async throws {
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-raw")
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        let socket = try #require(box.sockets.first)
        let id = try RawAgentClient.vaultID(of: box.vault)

        // A well-formed key request gets the 123-byte key reply (epoch, key material, key-table
        // digest T); for a version-2 vault the material is form 2: payload key and table MAC key.
        let good = try #require(RawAgentClient.exchange(socket, RawAgentClient.request(1, id)))
        #expect(good.count == 123 && good[0] == 3 && good[1] == 0)
        #expect(good[10] == 2, "a version-2 vault's session holds no epoch key")
        let key = Array(good[11..<75])
        let header = try Data(contentsOf: URL(fileURLWithPath: box.vault))
        #expect(Array(good[91..<123]) == (Array(header[64..<1088]) + Array(header[1136..<1816])).withUnsafeBytes { GenericHash.hash($0) },
                "the key-table digest T unlocked")

        let malformed: [UInt8] = [3, 4]
        var cases: [(String, [UInt8], [UInt8]?)] = [
            ("one byte", [3], malformed),
            ("one byte short", Array(RawAgentClient.request(1, id).dropLast()), malformed),
            ("one byte long", RawAgentClient.request(1, id) + [0], malformed),
            ("64 KiB", [1] + [UInt8](repeating: 0x41, count: 65_535), malformed),
            ("unknown type 0", RawAgentClient.request(0, id), malformed),
            ("unknown type 200", RawAgentClient.request(200, id), malformed),
            ("version 1 (no digest)", RawAgentClient.request(1, id, version: 1), [3, 5]),
            ("version 2 (the epoch key)", RawAgentClient.request(1, id, version: 2), [3, 5]),
            ("version 4", RawAgentClient.request(1, id, version: 4), [3, 5]),
            ("version 0", RawAgentClient.request(1, id, version: 0), [3, 5]),
            ("another vault id", RawAgentClient.request(1, [UInt8](repeating: 7, count: 16)), [3, 3]),
            ("text", Array("GET /key HTTP/1.0\r\n\r\n".utf8), [3, 5]),
        ]
        var generator = SystemRandomNumberGenerator()
        for n in 0..<150 {
            let length = Int.random(in: 1...80, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if n % 2 == 0 { bytes[0] = 3 }  // past the version check
            if n % 4 == 0, length >= 2 { bytes[1] = 1 }  // a key request of the wrong length or id
            cases.append(("random \(n)", bytes, nil))
        }
        for (name, request, expected) in cases {
            let reply = RawAgentClient.exchange(socket, request)
            if let expected { #expect(reply == expected, "\(name)") }
            let isValidKeyRequest = request.count == 26 && request[0] == 3 && request[1] == 1 && Array(request[2..<18]) == id
            if !isValidKeyRequest, let reply {
                #expect(reply.count <= 26, "\(name): \(reply.count) bytes")
                #expect(!reply.contains(subsequence: key), "\(name)")
                #expect(reply[1] != 0, "\(name) got a key reply")
            }
        }
        // A client that connects and never sends holds the agent for a second at most.
        let silent = try #require(RawAgentClient.connect(socket))
        defer { close(silent) }
        let started = Date()
        let status = try #require(RawAgentClient.exchange(socket, RawAgentClient.request(2, id)))
        #expect(status.count == 26 && status[1] == 1)
        #expect(Date().timeIntervalSince(started) < 2.5)

        // A zero-length message, a stream socket, and a half-closed connection: no crash.
        if let fd = RawAgentClient.connect(socket) {
            _ = send(fd, nil, 0, Int32(MSG_NOSIGNAL))
            close(fd)
        }
        let stream = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        close(stream)

        // The agent is still there, still serves the key, and never sent it to anyone else.
        #expect(ProcessState.isRunning(pid))
        #expect(box.run(["journal", "list"]).out.contains("entry-canary-raw"))
        #expect(RawAgentClient.exchange(socket, RawAgentClient.request(1, id)).map { Array($0[11..<75]) } == key)

        // An epoch report with the current epoch changes nothing; another epoch locks.
        #expect(RawAgentClient.exchange(socket, RawAgentClient.request(4, id, argument: 1))?[1] == 1)
        #expect(ProcessState.isRunning(pid))
        // An older epoch is another copy (a backup): the agent stays for its own vault.
        #expect(RawAgentClient.exchange(socket, RawAgentClient.request(4, id, argument: 0))?[1] == 1)
        #expect(ProcessState.isRunning(pid))
        // A newer epoch reported from some file is only a hint to look: the agent's own vault file
        // is unchanged, so it stays (a number anyone could write into a file never locks it).
        #expect(RawAgentClient.exchange(socket, RawAgentClient.request(4, id, argument: 2))?[1] == 1)
        #expect(ProcessState.isRunning(pid))
        // Its own file at another key epoch: locking.
        try box.advanceKeyEpoch()
        #expect(RawAgentClient.exchange(socket, RawAgentClient.request(4, id, argument: 2)) == [3, 7], "locking: another key epoch")
        #expect(await ProcessState.exited(pid, seconds: 2))
    }

    @Test func anotherUserCannotUseTheAgent() async throws {
        guard geteuid() == 0 else {
            try Test.cancel("the other-user test runs a client as `nobody`, which needs root (tests run as uid \(geteuid()))")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), FileManager.default.isExecutableFile(atPath: "/usr/bin/perl") else {
            try Test.cancel("the other-user test needs setpriv and perl")
        }
        let box = try SessionSandbox()
        defer { box.cleanUp() }
        box.makeVault(entry: "entry-canary-uid")
        #expect(box.unlock().status == 0)
        let pid = try #require(box.session()).pid
        let socket = try #require(box.sockets.first)
        let id = try RawAgentClient.vaultID(of: box.vault)
        let nobody: uid_t = 65534

        // Take away the folder's protection on purpose: a second name for the socket, in a
        // folder `nobody` can reach, and a socket mode that lets anyone connect. Only
        // SO_PEERCRED stands between `nobody` and the key now.
        let open = box.root + "/open"
        mkdir(open, 0o755)
        chmod(box.root, 0o755)
        let link = open + "/agent"
        #expect(Foundation.link(socket, link) == 0)
        chmod(link, 0o777)

        let request = RawAgentClient.request(1, id).map { String(format: "%02x", $0) }.joined()
        let perl = """
            use Socket; socket(my $s, AF_UNIX, SOCK_SEQPACKET, 0) or die "socket";
            connect($s, pack_sockaddr_un($ARGV[0])) or die "connect: $!";
            send($s, pack("H*", $ARGV[1]), 0); my $r = ""; recv($s, $r, 4096, 0); print unpack("H*", $r);
            """
        func client(asNobody: Bool) -> SessionRun {
            let prefix = asNobody ? ["/usr/bin/setpriv", "--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", "--"] : []
            let command = prefix + ["/usr/bin/perl", "-e", perl, link, request]
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try? process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return SessionRun(status: process.terminationStatus, out: String(decoding: data, as: UTF8.self), err: "")
        }
        // The same path as root (the agent's own user): the key comes back.
        let mine = client(asNobody: false)
        #expect(mine.out.hasPrefix("0300") && mine.out.count == 246, "root through the open path: \(mine.out)")
        // As nobody: connected, and refused.
        let theirs = client(asNobody: true)
        #expect(theirs.status == 0, "nobody could connect")
        #expect(theirs.out == "0306", "nobody got: \(theirs.out)")
        #expect(ProcessState.isRunning(pid))

        // `hearth` itself as nobody, on a copy of the vault: no session, no text.
        let theirVault = open + "/vault.hearth"
        try FileManager.default.copyItem(atPath: box.vault, toPath: theirVault)
        chown(theirVault, nobody, nobody)
        let run = box.run(
            ["journal", "list", "--vault", theirVault],
            env: ["XDG_RUNTIME_DIR": open, "HOME": open],
            prefix: ["/usr/bin/setpriv", "--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", "--"])
        #expect(run.status == 77, "\(run.err)")
        #expect(!run.out.contains("entry-canary-uid"))
    }
}
