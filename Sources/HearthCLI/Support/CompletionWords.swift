import ArgumentParser
import HearthRecords

/// The fixed word lists the shell completes (`hearth --generate-completion-script bash|zsh|fish`),
/// taken from the same vocabularies the commands check their input against, so that the two
/// never disagree. Nothing here comes from a vault.
enum CompletionWords {
    static let states = CompletionKind.list(NervousSystemState.words)
    static let kinds = CompletionKind.list(RecordKind.allCases.map(\.commandName))
    static let channels = CompletionKind.list(ConnectionChannel.words)
    static let reachedOut = CompletionKind.list(ReachedOut.words)
    static let responses = CompletionKind.list(ShareResponse.words)
    static let roles = CompletionKind.list(PersonRole.words)
    static let support = CompletionKind.list(SupportSuggestions.words)
    static let feelings = CompletionKind.list(FeelingVocabulary.words.flatMap(\.words))
}
