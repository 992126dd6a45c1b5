import Foundation
import HearthRecords

// `practice notice`: naming an old script as it fires, in under thirty seconds: what fired, the
// urge, and what you would like to do instead. A script record.
extension PracticeSession {
    func notice() throws(Leave) {
        prompt.say(.noticeIntro)
        var script = Script(common: RecordCommon(at: now), script: "")
        func keep() {
            // A script record needs its first field; until then there is nothing to keep.
            let empty = script.script.isEmpty && script.urge.isEmpty && script.instead.isEmpty
            if script.script.isEmpty && !empty { script.script = "(not named)" }
            record("notice", empty ? nil : .add(.script(script)))
        }
        script.script = try ask(.whatFired)
        keep()
        script.urge = try ask(.theUrge)
        keep()
        script.instead = try ask(.insteadOfIt)
        keep()
        if !changes.isEmpty { prompt.say(.noticeDone) }
    }
}
