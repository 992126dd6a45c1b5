import Foundation
import HearthRecords

// `practice belief`: one counter-belief (chosen, or the one practised least recently), an
// invitation to say it out loud or write it, then how true each side feels now: a dated rating.
extension PracticeSession {
    func belief() throws(Leave) {
        prompt.say(.beliefIntro)
        guard var chosen = data.leastRecentlyPractised else {
            prompt.say(.beliefNoneYet)
            return
        }
        if data.beliefs.count > 1 {
            prompt.show(data.beliefs.enumerated().map { "  \($0.offset + 1). \($0.element.preview())" })
            while true {
                let suggested = (data.beliefs.firstIndex { $0.id == chosen.id } ?? 0) + 1
                let text = try ask(.whichBelief(suggested: suggested))
                if text.isEmpty { break }
                if let n = Int(text), data.beliefs.indices.contains(n - 1) {
                    chosen = data.beliefs[n - 1]
                    break
                }
                prompt.say(.numberBetween(1...data.beliefs.count))
            }
        }
        prompt.say(.beliefCounter)
        prompt.show(chosen.counterBelief.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 })
        _ = try ask(.sayOrWriteIt)
        var rating = Belief.Rating(at: now, believability: nil, counterBelievability: nil)
        func keep() {
            let empty = rating.believability == nil && rating.counterBelievability == nil
            record("belief-rating", empty ? nil : .beliefRating(beliefID: chosen.id, rating: rating))
        }
        rating.believability = try askNumber(.oldBeliefNow, Belief.believabilityRange)
        keep()
        rating.counterBelievability = try askNumber(.counterBeliefNow, Belief.believabilityRange)
        keep()
        prompt.say(.beliefDone)
    }
}
