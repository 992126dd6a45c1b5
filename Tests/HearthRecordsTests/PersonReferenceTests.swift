import Testing
@testable import HearthRecords

/// The rules for naming someone (`PersonReference`): exact id, id beginning or exact name, exact
/// name without accents, a name's beginning; case, width and normalization never matter,
/// accents only when typed; several at the best rule are for the person to choose from.
@Suite struct PersonReferenceTests {
    typealias Candidate = PersonReference.Candidate
    static let sam = Candidate(id: "3f2a91c0-0000-4000-8000-000000000001", name: "Sam")
    static let samira = Candidate(id: "8b7e1d22-0000-4000-8000-000000000002", name: "Samira Okafor")
    static let zoe = Candidate(id: "c0ffee00-0000-4000-8000-000000000003", name: "Zoë")
    static let zoey = Candidate(id: "c0ffee11-0000-4000-8000-000000000004", name: "Zoey")
    static let strasse = Candidate(id: "5a5a5a5a-0000-4000-8000-000000000005", name: "Jo Straße")
    static let abba = Candidate(id: "77777777-0000-4000-8000-000000000006", name: "Abba")
    static let idLikeAbba = Candidate(id: "abba1234-0000-4000-8000-000000000007", name: "Morgan")
    static let imported = Candidate(id: "sam", name: "Robin")
    static let everyone = [sam, samira, zoe, zoey, strasse, abba, idLikeAbba]

    static func resolve(_ typed: String, among people: [Candidate] = everyone, scope: PersonReference.Scope = .idsAndNames)
        -> PersonReference.Resolution
    {
        PersonReference(typed)?.resolve(among: people, scope: scope) ?? .nobody
    }

    @Test(arguments: [
        // Exact id, and an id's beginning (at least 4 characters, any case).
        ("3f2a91c0-0000-4000-8000-000000000001", sam), ("3f2a", sam), ("3F2A91", sam), ("  8b7e ", samira),
        // Exact name beats a unique beginning: `Sam` is Sam, not Samira.
        ("Sam", sam), ("sam", sam), ("SAM", sam), ("ｓａｍ", sam), ("Sami", samira), ("samira   okafor", samira),
        // Accents left out are not needed; typed, they count.
        ("Zoë", zoe), ("ZOË", zoe), ("Zoe\u{0308}", zoe), ("Zoe", zoe), ("Zoey", zoey),
        // Full case folding and compatibility forms.
        ("jo strasse", strasse), ("JO STRASSE", strasse), ("jo str", strasse),
    ])
    func findsOne(_ typed: String, _ expected: Candidate) {
        #expect(Self.resolve(typed) == .one(expected), "\(typed)")
    }

    @Test func aUniqueBeginningIsEnough() {
        #expect(Self.resolve("samira o") == .one(Self.samira))
        #expect(Self.resolve("Zoë", among: [Self.zoey, Self.zoe]) == .one(Self.zoe))
        // Typed with its accent, a name does not find the same name written without it.
        #expect(Self.resolve("Zoë", among: [Self.zoey]) == .nobody)
    }

    @Test func severalAreForThePersonToChoose() {
        #expect(Self.resolve("Zo") == .several([Self.zoe, Self.zoey]))
        let twoSams = [Self.sam, Candidate(id: "99999999-0000-4000-8000-000000000009", name: "sam")]
        #expect(Self.resolve("Sam", among: twoSams) == .several(twoSams))
        // An id's beginning shared by two people.
        #expect(Self.resolve("c0ff") == .several([Self.zoe, Self.zoey]))
    }

    @Test func aNameThatLooksLikeAnIdIsNeverSilentlySomeoneElse() {
        // `Abba` is both a name and the beginning of Morgan's id: the person chooses.
        #expect(Self.resolve("abba") == .several([Self.idLikeAbba, Self.abba]))
        // Without the id that looks like it, the name decides.
        #expect(Self.resolve("Abba", among: [Self.abba, Self.sam]) == .one(Self.abba))
        // An exact id is exact, even when it is also someone's name (an imported id).
        #expect(Self.resolve("sam", among: [Self.sam, Self.imported]) == .one(Self.imported))
        // Too short to be an id's beginning: only names count.
        #expect(Self.resolve("3f2", among: [Self.sam]) == .nobody)
    }

    @Test func nobody() {
        #expect(Self.resolve("Alex") == .nobody)
        #expect(Self.resolve("Samuel") == .nobody)
        #expect(Self.resolve("Sam", among: []) == .nobody)
        #expect(PersonReference("  \n") == nil)
    }

    @Test func theCommandLineTakesIdsOnly() {
        #expect(Self.resolve("3f2a", scope: .ids) == .one(Self.sam))
        #expect(Self.resolve("3f2a91c0-0000-4000-8000-000000000001", scope: .ids) == .one(Self.sam))
        for name in ["Sam", "Samira", "Zoe", "Jo"] {
            #expect(Self.resolve(name, scope: .ids) == .nobody, "\(name)")
        }
        // `abba` there is the beginning of Morgan's id, never the name Abba.
        #expect(Self.resolve("abba", scope: .ids) == .one(Self.idLikeAbba))
    }

    @Test func accentsOfOtherScriptsAlwaysCount() {
        let kitab = Candidate(id: "11111111-0000-4000-8000-000000000011", name: "किताब")
        // Without its vowel sign (U+093F, a letter's part, not an accent) it is another word.
        #expect(Self.resolve("कताब", among: [kitab]) == .nobody)
        #expect(Self.resolve("किताब", among: [kitab]) == .one(kitab))
        #expect(PersonReference.nameKey("Ǆemal") == PersonReference.nameKey("džemal"))
        #expect(PersonReference.withoutAccents("zoë") == "zoe")
    }
}
