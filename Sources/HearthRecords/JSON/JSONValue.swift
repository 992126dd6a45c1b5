/// A JSON value as Hearth reads and writes it. Objects keep their members in order and
/// remember the line each member started on, so that invalid input can be reported by line
/// without ever repeating what the line says.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A short name of the value's type, for messages ("a string", "a number").
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .integer, .double: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// A string or null, for optional text fields.
    public static func optionalString(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    /// An integer or null.
    public static func optionalInteger(_ value: Int?) -> JSONValue { value.map { .integer(Int64($0)) } ?? .null }
    /// A list of strings.
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}

/// A JSON object: members in order, each with the line it started on (0 when built in code).
public struct JSONObject: Equatable, Sendable {
    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSONValue
        public var line: Int

        public init(key: String, value: JSONValue, line: Int = 0) {
            self.key = key
            self.value = value
            self.line = line
        }

        /// Members are equal when key and value are; where they were read is not compared.
        public static func == (a: Member, b: Member) -> Bool { a.key == b.key && a.value == b.value }
    }

    public var members: [Member]
    /// The line the object started on (0 when built in code).
    public var line: Int

    public init(_ members: [Member] = [], line: Int = 0) {
        self.members = members
        self.line = line
    }

    /// Builds an object from pairs, in order.
    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        self.init(pairs.map { Member(key: $0.key, value: $0.value) })
    }

    public subscript(key: String) -> JSONValue? {
        get { members.last(where: { $0.key == key })?.value }
        set {
            if let index = members.lastIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// The line a member started on, else the object's own line.
    public func line(of key: String) -> Int { members.last(where: { $0.key == key })?.line ?? line }

    public var keys: [String] { members.map(\.key) }

    /// Objects are equal when they have the same keys with the same values, in any order.
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for member in a.members where b[member.key] != member.value { return false }
        return true
    }
}
