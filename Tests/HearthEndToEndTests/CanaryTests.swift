import Foundation
import HearthTestSupport
import HearthCrypto
import Testing

/// Record text written through the CLI never reaches a file, a command line or a message
/// (issue 3, section 7; CLI.md, "Record text never goes on the command line").
@Suite(.serialized, .ownThreads) struct CanaryTests {
    /// Reads a /proc file of `pid` ("" when gone or unreadable).
    static func proc(_ pid: pid_t, _ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: "/proc/\(pid)/\(name)") ?? Data())
    }

    /// Command lines of every process on the machine that contain `needle`.
    static func commandLinesContaining(_ needle: [UInt8]) -> [String] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
        return pids.compactMap { pid in
            let line = proc(pid, "cmdline")
            return line.contains(needle) ? "\(pid): \(String(decoding: line.map { $0 == 0 ? 32 : $0 }, as: UTF8.self))" : nil
        }
    }

    /// Regular files under `folder` changed since `since` that contain `needle`.
    static func filesContaining(_ needle: [UInt8], under folder: String, since: Date) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let name = walker.nextObject() as? String {
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 64 << 20,
                  Double(info.st_mtim.tv_sec) >= since.timeIntervalSince1970 - 2
            else { continue }
            if let data = FileManager.default.contents(atPath: path), Array(data).contains(needle) { found.append(path) }
        }
        return found
    }

    /// Waits until `pid` sits in read(2) on its stdin, that is, it has unlocked and now waits
    /// for the text (x86-64 /proc/PID/syscall: "0 0x0 ..." is read on descriptor 0).
    static func waitUntilReadingStdin(_ pid: pid_t, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let syscall = String(decoding: proc(pid, "syscall"), as: UTF8.self)
            if syscall.hasPrefix("0 0x0 ") { return true }
            usleep(2000)
        }
        return false
    }

    @Test func canaryNeverLeavesTheVaultInTheClear() throws {
        let start = Date()
        let box = Sandbox()
        box.initVault()
        let marker = "CANARY-" + Random.bytes(12).map { String(format: "%02x", $0) }.joined()
        let canary = "Nobody else may ever read this sentence: \(marker) by the willow."
        let needles = [Array(marker.utf8), Array(marker.uppercased().utf8), Array(marker.lowercased().utf8)]

        // Watch every command line on the machine while the canary is being written and read.
        let stop = Locked(false)
        let seenOnCommandLines = Locked<[String]>([])
        let watcher = Thread {
            while !stop.get() {
                let seen = Self.commandLinesContaining(needles[0])
                if !seen.isEmpty { seenOnCommandLines.update { $0 += seen } }
                usleep(3000)
            }
        }
        watcher.start()

        // The passphrase comes from the environment here, to check that it is wiped from the
        // process's own environment once read.
        let envPassphrase = box.passphrase
        let inspection = Locked<[String: Bool]>([:])
        let add = box.run(
            ["journal", "add", "--vault", box.vault, "--tag", "private"], stdin: "first line\n" + canary + "\n",
            env: ["HEARTH_PASSPHRASE": envPassphrase],
            whileRunning: { pid in
                guard Self.waitUntilReadingStdin(pid) else { return }
                let environ = Self.proc(pid, "environ")
                let cmdline = Self.proc(pid, "cmdline")
                inspection.set([
                    // Proof that /proc was readable at all (else the checks below would be empty).
                    "environ readable": environ.contains(Array("HEARTH_NO_TTY=1".utf8)),
                    "cmdline readable": cmdline.contains(Array("journal".utf8)),
                    "passphrase in environ": environ.contains(Array(envPassphrase.utf8)),
                    "passphrase in cmdline": cmdline.contains(Array(envPassphrase.utf8)),
                ])
            })
        #expect(add.status == 0, "\(add.err)")
        let id = try #require(add.outLines.first)
        #expect(inspection.get() == [
            "environ readable": true, "cmdline readable": true,
            "passphrase in environ": false, "passphrase in cmdline": false,
        ], "HEARTH_PASSPHRASE must be gone from /proc/PID/environ once read")

        // Reading it back: on stdout only.
        let show = box.run(["journal", "show", id] + box.unlocking())
        #expect(show.status == 0)
        #expect(show.out.contains(marker))
        let list = box.run(["journal", "list"] + box.unlocking())
        #expect(list.status == 0)
        #expect(!list.out.contains(marker), "a listing shows the first line only")
        #expect(box.add("another entry, to save once more after the canary") != nil)
        let status = box.run(["status"] + box.unlocking())
        #expect(status.status == 0)

        stop.set(true)
        while !watcher.isFinished { usleep(1000) }

        for result in [add, show, list, status] {
            #expect(!result.err.contains(marker), "a message repeated record text: \(result.err)")
        }
        #expect(!status.out.contains(marker))
        #expect(seenOnCommandLines.get().isEmpty, "\(seenOnCommandLines.get())")
        // No file the run created holds it: the vault, its lock, leftovers, the runtime folder.
        for file in box.files() {
            for needle in needles {
                #expect(!file.bytes.contains(needle), "\(file.path) contains the canary")
            }
        }
        #expect(box.files().contains { $0.path == box.vault })
        // Nor anything new in the shared temporary folders.
        for folder in ["/dev/shm", NSTemporaryDirectory()] where !folder.hasPrefix(box.root) {
            let found = Self.filesContaining(needles[0], under: folder, since: start)
            #expect(found.isEmpty, "\(found)")
        }
    }
}
