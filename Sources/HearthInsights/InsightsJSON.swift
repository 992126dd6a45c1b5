import Foundation
import HearthRecords

/// `hearth insights --json`: the same numbers the terminal shows. Every section key is always
/// present (an empty list or null when there is nothing for it). A withheld figure is null
/// beside its `_n`; `minimum_n` says where numbers start.
extension Insights {
    /// Instants are written with `timeZone`'s offset (the run's clock zone), as every date Hearth prints.
    public func json(timeZone: TimeZone) -> JSONValue {
        var object = JSONObject()
        object["since"] = .optionalString(scope.since.map { Self.text($0, timeZone: timeZone) })
        object["until"] = .optionalString(scope.until.map { Self.text($0, timeZone: timeZone) })
        object["person"] = person.map { .object(Self.person($0)) } ?? .null
        object["minimum_n"] = .integer(Int64(Figure.minimumObservations))
        object["records"] = .integer(Int64(records))
        object["first"] = .optionalString(first?.iso8601)
        object["last"] = .optionalString(last?.iso8601)
        object["with_whom"] = .array(withWhom.map(Self.json))
        object["sharing"] = sharing.map(Self.json) ?? .null
        object["rupture_repair"] = ruptureRepair.map(Self.json) ?? .null
        object["giving_receiving"] = givingReceiving.map(Self.json) ?? .null
        object["body"] = .array(body.map(Self.json))
        object["beliefs"] = .array(beliefs.map(Self.json))
        object["feelings"] = feelings.map(Self.json) ?? .null
        object["when"] = when.map(Self.json) ?? .null
        object["observations"] = .array(observations.map {
            .object(JSONObject(["section": .string($0.section.rawValue), "text": .string($0.text)]))
        })
        return .object(object)
    }

    /// A day as `YYYY-MM-DD` (until: that day included); an instant as `localTime`.
    static func text(_ bound: TimeBound, timeZone: TimeZone) -> String {
        switch bound {
        case .day(let day): day.description
        case .instant(let date): RecordTime(date: date, offsetSeconds: timeZone.secondsFromGMT(for: date)).iso8601
        }
    }

    /// A figure as `name` (rounded to two decimals, or null) and `name_n`.
    static func put(_ figure: Figure, _ name: String, into object: inout JSONObject) {
        object[name] = figure.value.map { .double(($0 * 100).rounded() / 100) } ?? .null
        object[name + "_n"] = .integer(Int64(figure.n))
    }

    static func int(_ n: Int) -> JSONValue { .integer(Int64(n)) }

    static func person(_ p: PersonRef) -> JSONObject {
        JSONObject(["person_id": .string(p.id), "name": .string(p.name)])
    }

    static func json(_ p: PersonSettling) -> JSONValue {
        var o = person(p.person)
        o["n"] = int(p.connections)
        put(p.safety, "safety", into: &o)
        put(p.activationBefore, "activation_before", into: &o)
        put(p.activationAfter, "activation_after", into: &o)
        put(p.activationChange, "activation_change", into: &o)
        put(p.settledAfter, "settled_after", into: &o)
        return .object(o)
    }

    static func json(_ r: Sharing.Responses) -> JSONValue {
        var o = JSONObject()
        for word in ShareResponse.allCases { o[word.rawValue] = int(r.counts[word] ?? 0) }
        return .object(o)
    }

    static func json(_ s: Sharing) -> JSONValue {
        var o = JSONObject()
        o["shares"] = int(s.shares)
        put(s.depth, "depth", into: &o)
        o["responses"] = json(s.responses)
        put(s.responses.attuned, "attuned", into: &o)
        o["by_month"] = .array(s.months.map { m in
            var mo = JSONObject(["month": .string(m.month), "shares": int(m.shares)])
            put(m.depth, "depth", into: &mo)
            mo["responses"] = json(m.responses)
            put(m.responses.attuned, "attuned", into: &mo)
            return .object(mo)
        })
        o["by_person"] = .array(s.people.map { p in
            var po = person(p.person)
            po["shares"] = int(p.shares)
            put(p.depth, "depth", into: &po)
            po["responses"] = json(p.responses)
            put(p.responses.attuned, "attuned", into: &po)
            po["deepest_attuned"] = .optionalInteger(p.deepestAttuned)
            return .object(po)
        })
        return .object(o)
    }

    static func json(_ r: RuptureRepair) -> JSONValue {
        var o = JSONObject(["ruptures": int(r.ruptures), "repaired": int(r.repaired)])
        put(r.repairDays, "repair_days", into: &o)
        put(r.repairDaysMedian, "repair_days_median", into: &o)
        o["by_person"] = .array(r.people.map { p in
            var po = person(p.person)
            po["ruptures"] = int(p.ruptures)
            po["repaired"] = int(p.repaired)
            put(p.repairDays, "repair_days", into: &po)
            return .object(po)
        })
        return .object(o)
    }

    static func json(_ g: GivingReceiving) -> JSONValue {
        func kinds(_ list: [GivingReceiving.Kind]) -> JSONValue {
            .array(list.map { .object(JSONObject(["support": .string($0.support), "n": int($0.count)])) })
        }
        var o = JSONObject(["received": int(g.received), "given": int(g.given)])
        o["received_kinds"] = kinds(g.receivedKinds)
        o["given_kinds"] = kinds(g.givenKinds)
        o["by_person"] = .array(g.people.map { p in
            var po = person(p.person)
            po["received"] = int(p.received)
            po["given"] = int(p.given)
            return .object(po)
        })
        return .object(o)
    }

    static func json(_ s: StrategyEffect) -> JSONValue {
        var o = JSONObject(["strategy": .string(s.strategy), "n": int(s.uses)])
        put(s.effect, "effect", into: &o)
        put(s.activationChange, "activation_change", into: &o)
        return .object(o)
    }

    static func json(_ b: BeliefTrend) -> JSONValue {
        func series(_ s: BeliefTrend.Series, _ name: String, into o: inout JSONObject) {
            o[name + "_ratings"] = .array(s.values.map(int))
            o[name + "_first"] = .optionalInteger(s.first)
            o[name + "_last"] = .optionalInteger(s.last)
            put(s.change, name + "_change", into: &o)
        }
        var o = JSONObject([
            "id": .string(b.id), "belief": .string(b.belief), "counter_belief": .string(b.counterBelief),
            "status": .string(b.status.rawValue),
        ])
        series(b.believability, "believability", into: &o)
        series(b.counterBelievability, "counter_believability", into: &o)
        return .object(o)
    }

    static func json(_ f: FeelingGranularity) -> JSONValue {
        var o = JSONObject(["distinct_words": int(f.distinctWords), "namings": int(f.namings)])
        o["by_month"] = .array(f.months.map { m in
            var mo = JSONObject(["month": .string(m.month), "namings": int(m.namings)])
            put(m.distinct, "distinct_words", into: &mo)
            return .object(mo)
        })
        o["most_used"] = .array(f.mostUsed.map { .object(JSONObject(["feeling": .string($0.word), "n": int($0.count)])) })
        return .object(o)
    }

    static func json(_ w: ActivationTiming) -> JSONValue {
        func figures(_ names: [String], _ figures: [Figure], key: String) -> JSONValue {
            .array(zip(names, figures).map { name, figure in
                var o = JSONObject([key: .string(name)])
                put(figure, "activation", into: &o)
                return .object(o)
            })
        }
        var o = JSONObject(["check_ins": int(w.checkIns)])
        o["by_part_of_day"] = figures(ActivationTiming.PartOfDay.allCases.map(\.rawValue), w.byPartOfDay, key: "part")
        o["by_weekday"] = figures(ActivationTiming.weekdayNames.map { $0.lowercased() }, w.byWeekday, key: "weekday")
        o["by_hour"] = .array(w.byHour.enumerated().map { hour, figure in
            var ho = JSONObject(["hour": int(hour)])
            put(figure, "activation", into: &ho)
            return .object(ho)
        })
        return .object(o)
    }
}
