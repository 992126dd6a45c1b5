import HearthVault
import Testing

/// The folder of a path, for names Foundation's path helpers trap on (a one-character relative
/// name: `hearth export --output x` crashed).
@Suite struct PathNameTests {
    @Test(arguments: [
        ("x", "."), ("x/", "."), ("ab", "."), ("a/b", "a"), ("a/b/", "a"), ("/b", "/"), ("/", "/"),
        ("//", "/"), ("/a//b", "/a"), ("./x", "."), ("../x", ".."), ("", "."), ("/a/b/c.hearth", "/a/b"),
    ])
    func folderOf(path: String, folder: String) {
        #expect(PathName.folder(of: path) == folder)
    }
}
