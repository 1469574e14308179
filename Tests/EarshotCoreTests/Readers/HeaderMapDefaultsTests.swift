import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport

/// The shipped header maps built into the binary (issue 14), their override by file name, and
/// the hint for a CSV that fits no map.
final class HeaderMapDefaultsTests: XCTestCase {
    /// maps/*.yaml are the source of truth; the generated Swift file must say the same.
    func testEmbeddedMapsAreTheMapFiles() throws {
        let folder = Repository.root.appendingPathComponent("maps")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(files.map { String($0.dropLast(".yaml".count)) }, DefaultHeaderMaps.texts.keys.sorted())
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            XCTAssertEqual(DefaultHeaderMaps.texts[String(file.dropLast(".yaml".count))], text, "\(file) changed: run sh scripts/embed-maps.sh")
        }
        XCTAssertEqual(HeaderMap.builtin.count, files.count, "every shipped map parses")
    }

    func testGivenMapsComeFirstAndReplaceBuiltinsByFileName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-maps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = "name: Our Sprout\ncolumns:\n  id: ID\n  created: When\n  text: Words\ntime:\n  format: \"yyyy-MM-dd HH:mm\"\n  zone: UTC\n"
        try own.write(to: dir.appendingPathComponent("sprout-social.yaml"), atomically: true, encoding: .utf8)
        let maps = try HeaderMap.load(paths: [dir.appendingPathComponent("sprout-social.yaml").path])
        XCTAssertEqual(maps.first?.name, "Our Sprout")
        XCTAssertEqual(maps.filter { $0.fileStem == "sprout-social" }.count, 1, "the built-in one is replaced")
        XCTAssertEqual(maps.count, HeaderMap.builtin.count)
        XCTAssertEqual(try HeaderMap.load(paths: []).map(\.name), HeaderMap.builtin.map(\.name))
    }

    /// A Sprout-like export with only `Post ID` and `Date` of Sprout's nine required columns:
    /// fewer than half fit, so no map reads it; the hint names Sprout's map (Meta's has only
    /// `Post ID`) and the seven columns missing.
    func testNearMissNamesTheClosestMapAndTheMissingColumns() throws {
        let sprout = try XCTUnwrap(HeaderMap.builtin.first { $0.fileStem == "sprout-social" })
        let head = Array("Post ID,Date,Network\n1,2020-01-01,X\n".utf8)
        XCTAssertNil(HeaderMap.best(for: head, among: HeaderMap.builtin))
        let hint = try XCTUnwrap(HeaderMap.hint(for: head, among: HeaderMap.builtin))
        XCTAssertTrue(hint.contains("closest header map: \(sprout.name) (maps/sprout-social.yaml)"), hint)
        let required = HeaderMap.Field.allCases.compactMap { f in sprout.sources[f].flatMap { $0.optional ? nil : $0.columns[0] } }
        XCTAssertEqual(required.count, 9)
        for column in required where column != "Post ID" && column != "Date" { XCTAssertTrue(hint.contains("`\(column)`"), "\(column): \(hint)") }
        XCTAssertFalse(hint.contains("`Post ID`") || hint.contains("`Date`"))
        XCTAssertNil(HeaderMap.hint(for: Array("a,b,c\n1,2,3\n".utf8), among: HeaderMap.builtin), "no resemblance, no hint")
    }
}
