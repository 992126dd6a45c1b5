@testable import ArgumentParser
import HearthCLI
import Testing

/// swift-argument-parser checks a command's definition (names used once, positional arguments
/// that can be told apart, flags that make sense, coding keys) only in builds with `DEBUG`, and
/// there on every parse, for every command on the path and every option group in it: about a
/// third of the suite's CPU when the suite ran on a debug build. The suite runs on a test build
/// without `DEBUG` (Scripts/test), so these are the same checks, run once over every command.
@Suite struct CommandDefinitionTests {
    @Test func everyCommandAndOptionGroupPassesTheParsersOwnChecks() throws {
        var checked: [String] = []
        for command in Self.commands(under: Hearth.self) {
            try Self.validate(command, parent: nil, checked: &checked)
        }
        // Every group and leaf command, and the option groups inside them.
        #expect(checked.count > 80, "\(checked.count) definitions checked")
        #expect(checked.contains("VaultOptions") && checked.contains("NewPassphraseOptions"), "\(Set(checked).sorted())")
        // A synchronous root with an asynchronous command below it would never run that command.
        #expect(Self.commands(under: Hearth.self).allSatisfy { !($0 is any AsyncParsableCommand.Type) })
    }

    /// The checks are real: a definition with one name used twice fails them.
    @Test func theChecksRefuseAFaultyDefinition() {
        #expect(throws: (any Error).self) { try NameUsedTwice._validate(parent: nil) }
        #expect(throws: (any Error).self) { try GroupUsingANameOfItsCommand._validate(parent: nil) }
        #expect(throws: Never.self) { try WellFormed._validate(parent: nil) }
    }

    /// `root` and every command below it.
    static func commands(under root: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
        [root] + root.configuration.subcommands.flatMap { commands(under: $0) }
    }

    /// What a debug build's `ArgumentSet` does for `type` and, with their keys, for its option groups.
    static func validate(_ type: any ParsableArguments.Type, parent: InputKey?, checked: inout [String]) throws {
        try type._validate(parent: parent)
        checked.append(String(describing: type))
        for child in Mirror(reflecting: type.init()).children {
            guard let label = child.label, let group = child.value as? any OptionGroupType else { continue }
            try validate(group.groupType, parent: InputKey(name: label, parent: parent), checked: &checked)
        }
    }

    struct NameUsedTwice: ParsableCommand {
        @Option(name: .customLong("vault")) var first: String?
        @Option(name: .customLong("vault")) var second: String?
    }

    struct Shared: ParsableArguments {
        @Flag(name: .shortAndLong) var quiet = false
    }

    struct GroupUsingANameOfItsCommand: ParsableCommand {
        @OptionGroup var shared: Shared
        @Flag(name: .customLong("quiet")) var alsoQuiet = false
    }

    struct WellFormed: ParsableCommand {
        @OptionGroup var shared: Shared
        @Option var vault: String?
    }
}

/// The type inside an `@OptionGroup`, which `Mirror` shows only as a value.
protocol OptionGroupType {
    var groupType: any ParsableArguments.Type { get }
}

extension OptionGroup: OptionGroupType {
    var groupType: any ParsableArguments.Type { Value.self }
}
