import Foundation
import HearthRecords

// `practice reflect`: ten quiet minutes on who feels safe. For each person (or the ones chosen),
// one question at a time: do they listen without rushing to fix, do they take what you feel as
// real without needing proof, what you notice with them, and how steady they feel now. Stored:
// a dated steadiness rating, and a dated line with the answers in the person's notes. It ends by
// naming, if the person wishes, one person who feels a little safer (a tag, and a dated line).
extension PracticeSession {
    /// The tag on someone named as feeling a little safer (`hearth people list --tag a-little-safer`).
    public static let saferTag = "a-little-safer"

    func reflect() throws(Leave) {
        prompt.say(.reflectIntro)
        guard !data.people.isEmpty else {
            prompt.say(.reflectNobodyYet)
            return
        }
        showPeople()
        for person in try chooseWhom() {
            prompt.say(.reflectPerson(name: person.name))
            var answers: [String] = []
            let key = "reflect-note-\(person.id)"
            func keep() {
                let line = answers.isEmpty ? nil : "\(today), reflecting: " + answers.joined(separator: "; ")
                record(key, line.map { PracticeChange.personNote(personID: person.id, line: $0, tag: nil) })
            }
            let listens = try ask(.listensWithoutFixing(name: person.name))
            if !listens.isEmpty { answers.append("listens without rushing to fix: \(listens)") }
            keep()
            let validates = try ask(.validatesWithoutProof(name: person.name))
            if !validates.isEmpty { answers.append("takes my feelings as real: \(validates)") }
            keep()
            let noticed = try ask(.noticeWithThem(name: person.name))
            if !noticed.isEmpty { answers.append(noticed) }
            keep()
            if let steadiness = try askNumber(.steadiness(name: person.name, current: person.steadiness), Person.steadinessRange) {
                record("reflect-steadiness-\(person.id)", .steadiness(personID: person.id, rating: .init(at: now, steadiness: steadiness)))
            }
        }
        showPeople()
        if let safer = try askPerson(.aLittleSafer) {
            record("reflect-safer", .personNote(personID: safer.id, line: "\(today): feels a little safer.", tag: Self.saferTag))
        }
        prompt.say(.reflectDone)
    }

    /// Numbers or names, comma-separated; Enter for everyone.
    private func chooseWhom() throws(Leave) -> [Person] {
        while true {
            let text = try ask(.reflectWhom)
            if text.isEmpty { return data.people }
            let chosen = text.split(separator: ",").map { person(named: $0.trimmingCharacters(in: .whitespaces)) }
            if !chosen.isEmpty, chosen.allSatisfy({ $0 != nil }) {
                var seen = Set<String>()
                return chosen.compactMap { $0 }.filter { seen.insert($0.id).inserted }
            }
            prompt.say(.notInTheList)
        }
    }
}
