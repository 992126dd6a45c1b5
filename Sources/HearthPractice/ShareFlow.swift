import Foundation
import HearthRecords

// `practice share`: before a micro-share, the person and the small thing to share (its size
// 1-5), and the body now; afterwards (now, or later with `practice share --after`), how it was
// met and what the body did. One connection holds both halves: `share_depth`, `shared`,
// `state_before`, `activation_before`, then `response`, `state_after`, `activation_after`.
extension PracticeSession {
    func share() throws(Leave) {
        prompt.say(.shareIntro)
        var connection = Connection(common: RecordCommon(at: now, tags: ["micro-share"]))
        let key = "share"
        func keep() { record(key, .add(.connection(connection))) }
        if !data.people.isEmpty {
            showPeople()
            if let person = try askPerson(.shareWithWhom) {
                connection.people = [person.id]
                keep()
            }
        }
        let what = try ask(.shareWhat)
        if !what.isEmpty {
            connection.shared = what
            keep()
        }
        connection.shareDepth = try askNumber(.shareSize, Connection.shareDepthRange) ?? connection.shareDepth
        if connection.shareDepth != nil { keep() }
        if let activation = try askNumber(.activationNow, Connection.activationRange) {
            connection.activationBefore = activation
            keep()
            try offerBreath(activation)
        }
        if let state = try askWord(.stateNow, NervousSystemState.self) {
            connection.stateBefore = state
            keep()
        }
        guard changes.isEmpty == false else { return }
        if try askYes(.shareHappenedYet) {
            try askAfter(connectionID: connection.id, name: connection.people.first.flatMap(data.name(of:)))
        } else {
            prompt.say(.shareKeptForLater)
        }
    }

    /// `practice share --after`: the latest share waiting for its after (or one chosen).
    func shareAfter() throws(Leave) {
        guard let latest = data.openShares.first else {
            prompt.say(.shareNoneWaiting)
            return
        }
        var chosen = latest
        if data.openShares.count > 1 {
            prompt.show(data.openShares.enumerated().map { index, c in
                let who = c.people.first.flatMap(data.name(of:)).map { " with \($0)" } ?? ""
                return "  \(index + 1). \(String(c.common.at.iso8601.prefix(10)))\(who): \(c.preview())"
            })
            while true {
                let text = try ask(.whichShare)
                if text.isEmpty { break }
                if let n = Int(text), data.openShares.indices.contains(n - 1) {
                    chosen = data.openShares[n - 1]
                    break
                }
                prompt.say(.numberBetween(1...data.openShares.count))
            }
        }
        prompt.say(.shareAfterIntro)
        try askAfter(connectionID: chosen.id, name: chosen.people.first.flatMap(data.name(of:)))
    }

    /// How it was met, the body afterwards, and anything noticed.
    private func askAfter(connectionID: String, name: String?) throws(Leave) {
        var response: ShareResponse?
        var state: NervousSystemState?
        var activation: Int?
        var note: String?
        func keep() {
            // A share made in this same flow is filled in directly; an earlier one is updated.
            if case .add(.connection(var c))? = changes.changes.first, c.id == connectionID {
                c.response = response
                c.stateAfter = state
                c.activationAfter = activation
                if let note { c.notes = note }
                record("share", .add(.connection(c)))
            } else {
                record("share-after", .shareMet(connectionID: connectionID, response: response, stateAfter: state,
                                                activationAfter: activation, note: note))
            }
        }
        response = try askWord(.shareResponse(name: name), ShareResponse.self)
        if response != nil { keep() }
        state = try askWord(.stateAfter, NervousSystemState.self)
        if state != nil { keep() }
        activation = try askNumber(.activationAfterwards, Connection.activationRange)
        if activation != nil { keep() }
        try offerBreath(activation)
        let noticed = try ask(.noticedAfterShare)
        if !noticed.isEmpty {
            note = noticed
            keep()
        }
        prompt.say(.shareMet(response))
    }
}
