import Foundation
import Testing

@testable import HearthSession

@Suite struct AgentProcessesTests {
    /// A stand-in for /proc: one folder per pid with `cmdline` and `status`.
    func fakeProc(_ processes: [(pid: Int32, cmdline: [UInt8], uid: String)]) throws -> String {
        var template = Array("/tmp/hearth-proc-test-XXXXXX".utf8CString)
        let root = String(cString: try #require(mkdtemp(&template)))
        for process in processes {
            let folder = root + "/\(process.pid)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            try Data(process.cmdline).write(to: URL(fileURLWithPath: folder + "/cmdline"))
            try "Name:\thearth\nUid:\t\(process.uid)\nGid:\t0\t0\t0\t0\n".write(toFile: folder + "/status", atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func onlyThisUsersExactAgentCommandLinesAreFound() throws {
        let me = geteuid()
        let agent = AgentProcesses.commandLine
        #expect(agent == Array("hearth\u{0}session-agent\u{0}".utf8))
        let root = try fakeProc([
            (101, agent, "\(me)\t\(me)\t\(me)\t\(me)"),  // an agent of mine
            (102, agent + Array("x\u{0}".utf8), "\(me)\t\(me)\t\(me)\t\(me)"),  // one argument more
            (103, Array("hearth\u{0}session-agen\u{0}".utf8), "\(me)\t\(me)\t\(me)\t\(me)"),
            (104, Array("/usr/bin/hearth\u{0}session-agent\u{0}".utf8), "\(me)\t\(me)\t\(me)\t\(me)"),
            (105, agent, "\(me + 1)\t\(me + 1)\t\(me + 1)\t\(me + 1)"),  // another user's agent
            (106, agent, "\(me + 1)\t\(me)\t\(me)\t\(me)"),  // real uid another user's
            (getpid(), agent, "\(me)\t\(me)\t\(me)\t\(me)"),  // this very process
            (107, agent, "\(me)\t\(me)\t\(me)\t\(me)"),  // another agent of mine
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(AgentProcesses.find(proc: root) == [101, 107])
    }
}
