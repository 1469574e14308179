import XCTest
@testable import EarshotCore

/// Discovery walks folders with readdir; it must list what FileManager's enumerator listed.
final class DirectoryWalkerTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "earshot-walker-\(UUID().uuidString)"
        let fm = FileManager.default
        for folder in ["sub/deeper", "sub/.hidden", ".git", "empty", "été"] {
            try fm.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["a.csv", ".dotfile", ".git/config", "sub/b.csv", "sub/.hidden/c.csv", "sub/deeper/d.csv", "été/ü.csv"] {
            XCTAssertTrue(fm.createFile(atPath: root + "/" + file, contents: Data("x".utf8)))
        }
        try fm.createSymbolicLink(atPath: root + "/link.csv", withDestinationPath: root + "/a.csv")
        try fm.createSymbolicLink(atPath: root + "/linked-folder", withDestinationPath: root + "/sub")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// What InputDiscovery did before: FileManager's enumerator, hidden names skipped, regular files kept.
    func enumeratorFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var relatives: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
                continue
            }
            guard (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular else { continue }
            relatives.append(relative)
        }
        return relatives
    }

    func testListsRegularFilesLikeTheEnumerator() {
        let walked = DirectoryWalker.regularFiles(under: root).sorted()
        XCTAssertEqual(walked, ["a.csv", "sub/b.csv", "sub/deeper/d.csv", "été/ü.csv"])
        XCTAssertEqual(walked, enumeratorFiles().sorted())
    }

    func testMissingFolderListsNothing() {
        XCTAssertEqual(DirectoryWalker.regularFiles(under: root + "/nope"), [])
    }
}
