import ArgumentParser
import Foundation
import HearthMessages
import HearthSession

/// The agent process itself, started by `hearth unlock` (hidden: not for people to run).
struct SessionAgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: SessionLauncher.agentCommand, abstract: "Internal: the agent of `hearth unlock`.",
        shouldDisplay: false)

    func run() throws {
        let handover = SessionLauncher.handoverDescriptor
        let ready = SessionLauncher.readyDescriptor
        // The agent is a process of its own (it ends with `exit`): never run in process.
        guard HearthContext.current.isProcess, Self.isPipe(handover), Self.isPipe(ready) else {
            Console.failure(.internalCommand)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        SessionAgent.run(handoverFD: handover, readyFD: ready)
    }

    static func isPipe(_ fd: Int32) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
    }
}
