import ArgumentParser
import Foundation
import HearthSession
import HearthVault

struct Lock: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lock the vault now: the unlocked session's key is wiped from memory.",
        discussion: "With --all (or `hearth panic`), every unlocked vault of yours is locked at once.")

    @Option(name: .customLong("vault"), help: "The vault file (default: $HEARTH_VAULT, else $XDG_DATA_HOME/hearth/vault.hearth).")
    var vaultPath: String?

    @Flag(help: "Lock every unlocked vault of yours.")
    var all = false

    func execute() throws {
        if all {
            LockEverything.run()
            return
        }
        let path = VaultLocation.resolve(vaultPath)
        let header: VaultHeader
        do {
            header = try Vault.readHeader(at: path).header
        } catch {
            let failure = FailureReport.failure(for: error)
            throw CLIFailure(failure.status, failure.message + "\nTo lock every unlocked vault without reading any, use `hearth lock --all`.")
        }
        if SessionClient(vaultID: header.vaultID).lock() {
            Console.message("Locked. The session's key was wiped from memory.")
        } else {
            Console.message("This vault was not unlocked, so there was nothing to lock.")
        }
    }
}

struct Panic: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lock every unlocked vault of yours at once (the same as `hearth lock --all`).")

    func execute() throws { LockEverything.run() }
}

enum LockEverything {
    /// Locks every agent found through a socket in any folder one may listen in, then, as a last
    /// resort, ends every other process of this user that is an agent by its command line (an
    /// agent started with another environment, or whose socket was replaced).
    static func run() {
        let count = SessionClient.lockAll()
        let stray = AgentProcesses.end(AgentProcesses.find())
        switch (count, stray.total) {
        case (0, 0): Console.message("No vault was unlocked. Everything is locked.")
        case (0, _): break
        case (1, _): Console.message("Locked 1 session. Its key was wiped from memory.")
        default: Console.message("Locked \(count) sessions. Their keys were wiped from memory.")
        }
        if stray.terminated > 0 {
            let one = stray.terminated == 1
            Console.message("""
                Ended \(stray.terminated) more session\(one ? "" : "s") that no socket led to (started with \
                another environment, or \(one ? "its" : "their") socket replaced); \(one ? "its key was" : "their keys were") \
                wiped from memory as \(one ? "it" : "they") stopped.
                """)
        }
        if stray.killed > 0 {
            Console.message("""
                Killed \(stray.killed) session agent\(stray.killed == 1 ? "" : "s") that did not stop when asked; \
                the memory went back to the system without Hearth zeroing it.
                """)
        }
    }
}
