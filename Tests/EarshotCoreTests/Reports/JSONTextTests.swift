import Foundation
import XCTest
@testable import EarshotCore

/// summary.json's writer: its layout, and string escaping done on UTF-8 bytes.
final class JSONTextTests: XCTestCase {
    func testLayout() {
        let value = JSONValue.object([
            ("files", .array([.object([("path", .string("a/b.csv")), ("records", .int(3))]), .object([])])),
            ("rate", .double(0.25)), ("ok", .bool(true)), ("none", .null), ("empty", .array([])),
        ])
        XCTAssertEqual(value.render(), """
            {
              "files": [
                {
                  "path": "a/b.csv",
                  "records": 3
                },
                {}
              ],
              "rate": 0.25,
              "ok": true,
              "none": null,
              "empty": []
            }
            """)
        XCTAssertEqual(JSONValue.array([.int(1)]).render(indent: 2), "[\n      1\n    ]")
    }

    func testEscaping() {
        XCTAssertEqual(JSONValue.quote("plain"), "\"plain\"")
        XCTAssertEqual(JSONValue.quote(""), "\"\"")
        XCTAssertEqual(JSONValue.quote("a\"b\\c\nd\re\tf"), #""a\"b\\c\nd\re\tf""#)
        XCTAssertEqual(JSONValue.quote("\u{0}\u{1}\u{1F}x"), #""\u0000\u0001\u001fx""#)
        XCTAssertEqual(JSONValue.quote("Café \"ünïcode\" 🎉\n"), "\"Café \\\"ünïcode\\\" 🎉\\n\"")
        // Whatever the text, JSON readers get it back.
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "\"", "\\", "\n", "\u{7}", "é", "🎉", "\u{2028}", " ", "\t", "x\u{0}y"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let json = "[" + JSONValue.quote(text) + "]"
            let back = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
            XCTAssertEqual(back, [text], json)
        }
    }
}
