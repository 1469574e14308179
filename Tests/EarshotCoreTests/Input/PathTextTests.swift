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
