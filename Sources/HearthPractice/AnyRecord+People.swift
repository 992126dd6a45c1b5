import Foundation
import HearthRecords

// The people a record names, for storing a practice's new record when someone it named was
// deleted meanwhile (`PracticeChanges.apply`): the record is kept, without that link.
extension AnyRecord {
    /// The people a record names.
    var people: [String] {
        switch self {
        case .journal(let r): r.people
        case .connection(let r): r.people
        case .body(let r): r.people
        case .script(let r): r.people
        case .person, .belief: []
        }
    }

    /// The record without the people in `gone`.
    func leavingOut(people gone: Set<String>) -> AnyRecord {
        guard !gone.isEmpty else { return self }
        switch self {
        case .journal(var r): r.people.removeAll { gone.contains($0) }; return .journal(r)
        case .connection(var r): r.people.removeAll { gone.contains($0) }; return .connection(r)
        case .body(var r): r.people.removeAll { gone.contains($0) }; return .body(r)
        case .script(var r): r.people.removeAll { gone.contains($0) }; return .script(r)
        case .person, .belief: return self
        }
    }
}
