import XCTest
@testable import EarshotCore

/// Path pieces as `split(separator: "/")`, `lastIndex(of: "/")` and `lastIndex(of: ".")` give them.
final class PathTextTests: XCTestCase {
    func testLastComponent() {
        let cases: [(String, String)] = [
            ("exports/redcross/tweets.csv", "tweets.csv"), ("a", "a"), ("a/b/", "b"), ("/", ""), ("", ""),
            ("//x//", "x"), ("/root.csv", "root.csv"), ("exports/Café/über.csv.gz", "über.csv.gz"),
        ]
        for (path, expected) in cases {
            XCTAssertEqual(PathText(path).lastComponent, expected, path)
            XCTAssertEqual(PathText(path).lastComponent, String(path.split(separator: "/").last ?? ""), path)
        }
    }

    func testFolderAndExtension() {
        XCTAssertEqual(PathText("a").folder, ".")
        XCTAssertEqual(PathText("/a").folder, "/")
        XCTAssertEqual(PathText("x/y/z.csv").folder, "x/y")
        XCTAssertEqual(PathText("x/y/z.csv.gz").lastComponentWithoutExtension, "z.csv")
        XCTAssertEqual(PathText("x/.hidden").lastComponentWithoutExtension, ".hidden")
    }
}

/// Discovery sorts paths by their bytes (outputs.md: the order of files is byte order).
final class PathOrderTests: XCTestCase {
    func testByteOrder() {
        let paths = ["b/x.csv", "a/x.csv", "a", "", "z/1", "é/1", "A/1", "a/x.csv.gz", "a/x.csv"]
        let sorted = paths.sorted { InputDiscovery.byteOrder($0, $1) < 0 }
        XCTAssertEqual(sorted, paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        XCTAssertEqual(sorted.first, "")
        XCTAssertEqual(sorted.last, "é/1", "0xC3 sorts after every ASCII byte")
        XCTAssertEqual(InputDiscovery.byteOrder("a/x.csv", "a/x.csv"), 0)
        XCTAssertLessThan(InputDiscovery.byteOrder("a", "ab"), 0)
    }
}

/// Reading a small file whole: straight into an array of its size, on in chunks when it is longer.
final class ReadWholeTests: XCTestCase {
    func testReadWholeWithAnyExpectedSize() throws {
        let path = NSTemporaryDirectory() + "earshot-readwhole-\(getpid()).bin"
        let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        FileManager.default.createFile(atPath: path, contents: Data(content))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for expected in [0, 10, 199_999, 200_000, 300_000] {
            let file = try FileSource(path: path)
            let prefix = try InputOpener.firstTwoBytes(of: file)
            let (bytes, rest) = InputOpener.readWhole(file, prefix: prefix, limit: 1 << 20, expected: expected)
            XCTAssertEqual(bytes, content, "expected \(expected)")
            XCTAssertNil(rest, "expected \(expected)")
        }
        // Past the limit: what was read, and the file for the rest.
        let file = try FileSource(path: path)
        let (bytes, rest) = InputOpener.readWhole(file, prefix: [], limit: 100_000, expected: 200_000)
        XCTAssertGreaterThan(bytes.count, 100_000)
        XCTAssertEqual(bytes, Array(content[..<bytes.count]))
        XCTAssertNotNil(rest)
    }
}
