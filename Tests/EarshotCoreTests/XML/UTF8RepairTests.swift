import XCTest
@testable import EarshotCore

final class UTF8RepairTests: XCTestCase {
    func problem(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { UTF8Repair.firstProblem(in: $0) }
    }

    func testFirstProblemInsideAndAcrossEightByteWords() {
        let clean = Array("<status>\n\t<text>café 😀 ok</text>\r\n</status>".utf8)
        XCTAssertNil(problem(clean))
        for position in [0, 3, 7, 8, 9, 15, 16, 20] {
            var bytes = Array(repeating: UInt8(ascii: "a"), count: 24)
            bytes[position] = 0x01
            XCTAssertEqual(problem(bytes), position, "control at \(position)")
            bytes[position] = 0xFF
            XCTAssertEqual(problem(bytes), position, "0xFF at \(position)")
            bytes[position] = 0x7F  // DEL is allowed in XML 1.0
            XCTAssertNil(problem(bytes))
        }
        // A line end or tab in the same eight bytes as the control character, before or after it.
        for newline in [0, 2, 6, 9, 13] {
            for position in [1, 3, 7, 8, 12, 14] where position != newline {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: 16)
                bytes[newline] = 0x0A
                bytes[(newline + 5) % 16 == position ? (newline + 4) % 16 : (newline + 5) % 16] = 0x09
                bytes[position] = 0x02
                XCTAssertEqual(problem(bytes), position, "control at \(position), line end at \(newline)")
            }
        }
        XCTAssertNil(problem(Array("<a>\n\t\t<b>x</b>\r\n\t</a>\n".utf8)))
        XCTAssertEqual(problem(Array("abcdefgh\u{E9}".utf8).dropLast()), 8, "a cut-off sequence at the end")
        XCTAssertEqual(problem([0x61, 0xED, 0xA0, 0x80]), 1, "a UTF-16 surrogate is not UTF-8")
        XCTAssertEqual(problem([0x61, 0xEF, 0xBF, 0xBF]), 1, "U+FFFF is not an XML character")
        XCTAssertEqual(problem([0xC0, 0x80]), 0, "overlong")
    }

    func testRepairMatchesTheMaximalSubpartRule() {
        var repair = UTF8Repair()
        var out: [UInt8] = []
        let input: [UInt8] = [0x41, 0xF0, 0x9F, 0x98, 0x41, 0xE9, 0x0B, 0x42]
        input.withUnsafeBytes { repair.repair($0, final: true, into: &out) }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "A\u{FFFD}A\u{FFFD}\u{FFFD}B")
        XCTAssertEqual(repair.replaced, 3)
    }

    func testDocumentsInOtherEncodingsAreLeftToLibxml2() {
        func applies(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBytes { UTF8Repair.applies(toDocumentStartingWith: $0) }
        }
        XCTAssertTrue(applies("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"))
        XCTAssertTrue(applies("<?xml version='1.0' encoding='utf8'?><a/>"))
        XCTAssertTrue(applies("<?xml version=\"1.0\"?><a/>"))
        XCTAssertTrue(applies("<a/>"))
        XCTAssertFalse(applies("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"))
        XCTAssertFalse([UInt8]([0xFF, 0xFE, 0x3C, 0x00]).withUnsafeBytes { UTF8Repair.applies(toDocumentStartingWith: $0) })
    }
}
