import HearthRecords

/// The fields of each kind, in the order a person meets them.
public enum FieldCatalog {
    public static func fields(for kind: RecordKind) -> [FieldSpec] {
        let states = NervousSystemState.words
        let tags = FieldSpec(name: "tags", label: "Tags", type: .words(suggestions: [], free: true), prompted: false)
        let at = FieldSpec(name: "at", label: "When", type: .date, prompted: false,
                           hint: "now, today, yesterday, 3d, 2026-11-24, 2026-11-24T21:30")
        let starred = FieldSpec(name: "starred", label: "Starred", type: .flag, prompted: kind == .journal)
        let feelings = FieldSpec(name: "feelings", label: "Feelings", type: .words(suggestions: FeelingVocabulary.allWords, free: true),
                                 hint: "your own words or the list (`?` shows it)")
        let people = FieldSpec(name: "people", label: kind == .body ? "Who was there" : "People", type: .people)
        switch kind {
        case .journal:
            return [
                FieldSpec(name: "text", label: "Entry", type: .text, required: true, needed: "its text"), feelings, people, tags, starred, at,
            ]
        case .person:
            return [
                FieldSpec(name: "name", label: "Name or alias", type: .line, required: true, needed: "a name or an alias"),
                FieldSpec(name: "roles", label: "Who they are to you", type: .words(suggestions: PersonRole.words, free: true),
                          hint: "from the list or your own word; `?` shows the list"),
                FieldSpec(name: "steadiness", label: "How steady or safe they feel", type: .integer(Person.steadinessRange),
                          hint: "1 not at all … 5 very"),
                FieldSpec(name: "reach_when_struggling", label: "Someone I can reach when struggling", type: .flag),
                FieldSpec(name: "check_in_days", label: "Check in every N days", type: .integer(Person.checkInDaysRange),
                          hint: "empty for no rhythm"),
                FieldSpec(name: "snoozed_until", label: "Check-ins resting until", type: .date, prompted: false),
                tags, at,
                FieldSpec(name: "boundaries", label: "Boundaries", type: .text),
                FieldSpec(name: "notes", label: "Notes", type: .text),
            ]
        case .connection:
            return [
                people,
                FieldSpec(name: "channel", label: "How", type: .word(ConnectionChannel.words)),
                FieldSpec(name: "initiated_by", label: "Who reached out", type: .word(ReachedOut.words)),
                FieldSpec(name: "safety", label: "How safe it felt", type: .integer(Connection.safetyRange), hint: "-2 unsafe … +2 very safe"),
                FieldSpec(name: "state_before", label: "State before", type: .word(states)),
                FieldSpec(name: "activation_before", label: "Activation before", type: .integer(Connection.activationRange), hint: "0–10"),
                FieldSpec(name: "state_after", label: "State after", type: .word(states)),
                FieldSpec(name: "activation_after", label: "Activation after", type: .integer(Connection.activationRange), hint: "0–10"),
                FieldSpec(name: "share_depth", label: "Size of what I shared", type: .integer(Connection.shareDepthRange),
                          hint: "1 tiny … 5 deep; empty if nothing"),
                FieldSpec(name: "response", label: "How they responded", type: .word(ShareResponse.words)),
                FieldSpec(name: "support_received", label: "Support I received", type: .words(suggestions: SupportSuggestions.words, free: true)),
                FieldSpec(name: "support_given", label: "Support I gave", type: .words(suggestions: SupportSuggestions.words, free: true)),
                FieldSpec(name: "rupture", label: "Something went wrong between us", type: .flag),
                FieldSpec(name: "repair_of", label: "This repairs the connection", type: .connection, prompted: false,
                          hint: "the id of an earlier rupture"),
                feelings, tags, starred, at,
                FieldSpec(name: "shared", label: "What I shared", type: .text),
                FieldSpec(name: "notes", label: "Notes", type: .text),
            ]
        case .body:
            return [
                FieldSpec(name: "state", label: "State", type: .word(states), required: true, needed: "a state"),
                FieldSpec(name: "activation", label: "Activation", type: .integer(BodyCheckIn.activationRange), required: true, hint: "0 calm … 10 flooded",
                          needed: "an activation from 0 to 10"),
                FieldSpec(name: "sensations", label: "Sensations", type: .sensations, hint: "where, what it is like, 0–10: throat lump 5"),
                FieldSpec(name: "helped", label: "What helped", type: .helped, hint: "what I did, -2 worse … +2 helped a lot: walked outside +2"),
                FieldSpec(name: "activation_after", label: "Activation after", type: .integer(BodyCheckIn.activationRange), hint: "0–10, empty to skip"),
                people, feelings, tags, starred, at,
                FieldSpec(name: "context", label: "Context", type: .text),
                FieldSpec(name: "notes", label: "Notes", type: .text),
            ]
        case .belief:
            return [
                FieldSpec(name: "belief", label: "The old belief", type: .text, required: true, needed: "the old belief"),
                FieldSpec(name: "counter_belief", label: "Counter-belief", type: .text),
                FieldSpec(name: "believability", label: "How true the old belief feels now", type: .integer(Belief.believabilityRange), hint: "0–100"),
                FieldSpec(name: "counter_believability", label: "How true the counter-belief feels now",
                          type: .integer(Belief.believabilityRange), hint: "0–100"),
                FieldSpec(name: "status", label: "Status", type: .word(BeliefStatus.words), prompted: false),
                tags, starred, at,
            ]
        case .script:
            return [
                FieldSpec(name: "script", label: "The script that fired", type: .text, required: true, needed: "the script that fired"),
                FieldSpec(name: "trigger", label: "What set it off", type: .text),
                FieldSpec(name: "urge", label: "The urge", type: .text),
                FieldSpec(name: "instead", label: "What I did instead", type: .text),
                people, feelings, tags, starred, at,
                FieldSpec(name: "notes", label: "Notes", type: .text),
            ]
        }
    }

    /// The field plain stdin fills (`echo ... | hearth KIND add`).
    public static func stdinField(for kind: RecordKind) -> String {
        switch kind {
        case .journal: "text"
        case .person: "name"
        case .connection, .body: "notes"
        case .belief: "belief"
        case .script: "script"
        }
    }
}
