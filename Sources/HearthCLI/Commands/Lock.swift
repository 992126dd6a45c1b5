import ArgumentParser
import Foundation
import HearthMessages
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

    @OptionGroup var output: OutputOptions

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
            throw CLIFailure(failure.status, failure.message.then(.lockAllHint))
        }
        if SessionClient(directory: .current(environment: Environment.all), vaultID: header.vaultID).lock() {
            Console.message(.locked)
        } else {
            Console.message(.wasNotUnlocked)
        }
    }
}

struct Panic: HearthCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lock every unlocked vault of yours at once (the same as `hearth lock --all`).")

    @OptionGroup var output: OutputOptions

    func execute() throws { LockEverything.run() }
}

enum LockEverything {
    /// Locks every agent found through a socket in any folder one may listen in, then, as a last
    /// resort, ends every other process of this user that is an agent by its command line (an
    /// agent started with another environment, or whose socket was replaced).
    static func run() {
        let count = SessionClient.lockAll(environment: Environment.all)
        let stray = AgentProcesses.end(AgentProcesses.find())
        switch (count, stray.total) {
        case (0, 0): Console.message(.nothingUnlocked)
        case (0, _): break
        default: Console.message(.lockedSessions(count))
        }
        if stray.terminated > 0 {
            Console.message(.endedStraySessions(stray.terminated))
        }
        if stray.killed > 0 {
            Console.message(.killedAgents(stray.killed))
        }
    }
}
