import ArgumentParser
import Foundation
import HearthMessages
import HearthPractice

struct PracticeCommand: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice",
        abstract: "Short guided practices on a terminal: reflect, share, belief, notice, breathe.",
        discussion: """
            Without a name, shows the practices and lets you choose. Every question can be skipped \
            with Enter; Ctrl-D or Ctrl-C leaves at any point and keeps what you wrote. What cannot be \
            saved at the end (a busy vault, a full disk) is kept as a private draft, saved later with \
            `hearth practice --draft PATH`. They store ordinary records (for scripts, `hearth KIND add --json` stores the same).
            """,
        subcommands: [PracticeReflect.self, PracticeShare.self, PracticeBelief.self, PracticeNotice.self, PracticeBreathe.self])

    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @Option(help: ArgumentHelp("Save a practice's answers that were kept as a draft (the path the message named).", valueName: "path"))
    var draft: String?
    @Flag(help: "With --draft: save a practice's answers written for another vault into this one.")
    var intoThisVault = false

    func execute() throws {
        if intoThisVault, draft == nil { throw Message.intoThisVaultNeedsDraft.usageError }
        if let draft { return try PracticeDrafts.save(draft, vault: vault, intoThisVault: intoThisVault) }
        try PracticeRun(vault: vault).run(nil)
    }
}

struct PracticeReflect: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "reflect", abstract: "Quiet minutes on who feels safe: a dated steadiness rating and a note for each person.")
    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    func execute() throws { try PracticeRun(vault: vault).run(.reflect) }
}

struct PracticeShare: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "share", abstract: "Before a micro-share: with whom, what, how big; after it: how it was met (a connection).")
    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @Flag(help: "Note how a share noted earlier was met, and what your body did.")
    var after = false
    func execute() throws { try PracticeRun(vault: vault).run(.share, after: after) }
}

struct PracticeBelief: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "belief", abstract: "Say or write a counter-belief, then rate both sides (a dated rating).")
    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    func execute() throws { try PracticeRun(vault: vault).run(.belief) }
}

struct PracticeNotice: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "Name an old script as it fires: what fired, the urge, what you would like to do instead.")
    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    func execute() throws { try PracticeRun(vault: vault).run(.notice) }
}

struct PracticeBreathe: HearthCommand {
    static let configuration = CommandConfiguration(
        commandName: "breathe", abstract: "A slow breathing guide (4 s in, 6 s out); any key stops it. Stores nothing unless asked.")
    @OptionGroup(title: OptionTitle.vault) var vault: VaultOptions
    @Option(help: "How long, in minutes (1 to 60; default 3).")
    var minutes: Int?
    func validate() throws {
        if let minutes, !(1...60).contains(minutes) { throw Message.breatheMinutesRange.usageError }
    }
    func execute() throws { try PracticeRun(vault: vault).run(.breathe, minutes: minutes.map(Double.init)) }
}
