import XCTest
@testable import EarshotCore

/// Hands out at most `chunk` bytes per read, and optionally fails after `failAfter` bytes, to
/// shake out buffer-boundary bugs and check that source errors propagate.
final class ChunkedSource: ByteSource {
    struct Broken: Error {}
    private let bytes: [UInt8]
    private let chunk: Int
    private let failAfter: Int?
    private var position = 0

    init(_ bytes: [UInt8], chunk: Int = .max, failAfter: Int? = nil) {
        self.bytes = bytes
        self.chunk = chunk
        self.failAfter = failAfter
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let limit = failAfter, position >= limit { throw Broken() }
        var n = min(buffer.count, chunk, bytes.count - position)
        if let limit = failAfter { n = min(n, limit - position) }
        for k in 0..<n { buffer[k] = bytes[position + k] }
        position += n
        return n
    }
}

/// What a record reads as, for comparing across buffer sizes.
struct ReadRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var problem: CSVRecord.Problem?
    var description: String { "\(line):\(fields)\(problem.map { " \($0)" } ?? "")" }
}

/// `lent`: the bytes come as a whole decompressed file does, scanned where they lie.
func readAll(_ bytes: [UInt8], bufferSize: Int = 1 << 18, chunk: Int = .max,
             maxRecordBytes: Int = 1 << 24, lent: Bool = false) throws -> [ReadRecord] {
    let source: ByteSource = lent ? MemorySource(bytes, lendsWhole: true) : ChunkedSource(bytes, chunk: chunk)
    var reader = CSVReader(source: source, bufferSize: bufferSize, maxRecordBytes: maxRecordBytes)
    var out: [ReadRecord] = []
    while let record = try reader.next() {
        out.append(ReadRecord(line: record.line, fields: (0..<record.count).map { record[$0] },
                              problem: record.problem))
    }
    return out
}

final class CSVReaderTests: XCTestCase {
    let smallBuffers = [1, 2, 3, 4, 5, 7, 13, 64]

    /// Reads `text` with the default buffer and with every tiny buffer and chunk size, checks
    /// they all agree, and returns the records.
    func read(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [ReadRecord] {
        try read(Array(text.utf8), file: file, line: line)
    }

    func read(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> [ReadRecord] {
        let expected = try readAll(bytes)
        XCTAssertEqual(try readAll(bytes, lent: true), expected, "lent whole", file: file, line: line)
        for size in smallBuffers {
            XCTAssertEqual(try readAll(bytes, bufferSize: size), expected, "buffer \(size)", file: file, line: line)
            XCTAssertEqual(try readAll(bytes, bufferSize: 64, chunk: size), expected, "chunk \(size)",
                           file: file, line: line)
        }
        return expected
    }

    /// Rows wider than the reader gathers at a time (32 fields), quoted and not.
    func testWideRows() throws {
        let fields = (0..<70).map { $0 % 3 == 0 ? "\"f\($0),\"\"x\"\"\"" : "f\($0)" }
        let row = fields.joined(separator: ",")
        let records = try read(row + "\n" + row + ",\n")
        let expected = (0..<70).map { $0 % 3 == 0 ? "f\($0),\"x\"" : "f\($0)" }
        XCTAssertEqual(records.map(\.fields), [expected, expected + [""]])
        XCTAssertEqual(records.map(\.line), [1, 2])
    }

    /// The reader keeps room for 64 fields and grows it when a row has more: rows around that
    /// room and its doubling keep every field, and a short row after a wide one has only its own.
    func testRowsAroundTheFieldRoom() throws {
        let widths = [63, 64, 65, 128, 129, 2, 64]
        let text = widths.map { n in (0..<n).map { "c\($0)" }.joined(separator: ",") + "\n" }.joined()
        for records in [try read(text), try readAll(Array(text.utf8), lent: true)] {
            XCTAssertEqual(records.map(\.fields.count), widths)
            XCTAssertEqual(records.map { $0.fields.last }, ["c62", "c63", "c64", "c127", "c128", "c1", "c63"])
            XCTAssertEqual(records[5].fields, ["c0", "c1"])
        }
    }

    /// Quoted fields are searched eight bytes at a time for `"` and line feeds: line feeds just
    /// before a quote in the same word, two in a row, one right after a closing quote, and
    /// fields past the first 32 bytes all count once, at every buffer size and alignment.
    func testQuoteSearchByWords() throws {
        let digits = "0123456789012345678901234567890123456789"
        let text = "\"1234567\n\",a\n\"ab\"\"cd\n\nef\",b\n\"x\"\n\"\(digits)\nz\"\nlast\n"
        let records = try read(text)
        XCTAssertEqual(records.map(\.line), [1, 3, 6, 7, 9])
        XCTAssertEqual(records.map(\.fields), [["1234567\n", "a"], ["ab\"cd\n\nef", "b"], ["x"], [digits + "\nz"], ["last"]])
    }

    func testPlainRecordsAndLineNumbers() throws {
        let records = try read("a,b,c\n1,2,3\n4,5,6\n")
        XCTAssertEqual(records, [
            ReadRecord(line: 1, fields: ["a", "b", "c"]),
            ReadRecord(line: 2, fields: ["1", "2", "3"]),
            ReadRecord(line: 3, fields: ["4", "5", "6"]),
        ])
    }

    func testFinalLineWithoutNewline() throws {
        XCTAssertEqual(try read("a,b\n1,2"), [
            ReadRecord(line: 1, fields: ["a", "b"]),
            ReadRecord(line: 2, fields: ["1", "2"]),
        ])
        XCTAssertEqual(try read("a,b\r\n1,2\r"), [
            ReadRecord(line: 1, fields: ["a", "b"]),
            ReadRecord(line: 2, fields: ["1", "2"]),
        ])
    }

    func testCRLF() throws {
        XCTAssertEqual(try read("a,\"b\"\r\n\"1\",2\r\n"), [
            ReadRecord(line: 1, fields: ["a", "b"]),
            ReadRecord(line: 2, fields: ["1", "2"]),
        ])
    }

    func testCRLFSplitAcrossEveryBoundary() throws {
        // Every split position of CR and LF is covered by the tiny buffers in `read`.
        let records = try read("x\r\ny\r\nz\r\n\"q\"\r\n,\r\n")
        XCTAssertEqual(records.map(\.fields), [["x"], ["y"], ["z"], ["q"], ["", ""]])
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 5])
    }

    func testLoneCarriageReturnIsData() throws {
        XCTAssertEqual(try read("a\rb,c\n").map(\.fields), [["a\rb", "c"]])
        // A CR inside quotes before the line end is content, not a line end.
        XCTAssertEqual(try read("\"a\r\",b\r\n").map(\.fields), [["a\r", "b"]])
    }

    func testQuotedFieldsWithEscapesCommasAndNewlines() throws {
        let text = "id,text\n1,\"say \"\"hi\"\", then, go\nnext line\"\n2,\"\"\"\"\n3,\"\"\n"
        let records = try read(text)
        XCTAssertEqual(records, [
            ReadRecord(line: 1, fields: ["id", "text"]),
            ReadRecord(line: 2, fields: ["1", "say \"hi\", then, go\nnext line"]),
            ReadRecord(line: 4, fields: ["2", "\""]),
            ReadRecord(line: 5, fields: ["3", ""]),
        ])
    }

    func testDoubledQuotesAtBufferBoundaries() throws {
        // `""` runs of every parity, so that tiny buffers split them at every position.
        let text = "\"\"\"\"\"\",\"a\"\"\",\"\"\"b\",\"\"\"\"\"\"\"\"\n"
        XCTAssertEqual(try read(text).map(\.fields), [["\"\"", "a\"", "\"b", "\"\"\""]])
    }

    func testLineNumbersCountNewlinesInsideQuotes() throws {
        let records = try read("h\n\"a\nb\nc\"\nd\n\"\r\n\"\ne\n")
        XCTAssertEqual(records.map(\.line), [1, 2, 5, 6, 8])
        XCTAssertEqual(records[3].fields, ["\r\n"])
    }

    func testEmptyLinesAreSkippedButCounted() throws {
        let records = try read("\nh\n\n\r\n1\n\n\n2\n\n")
        XCTAssertEqual(records, [
            ReadRecord(line: 2, fields: ["h"]),
            ReadRecord(line: 5, fields: ["1"]),
            ReadRecord(line: 8, fields: ["2"]),
        ])
    }

    func testEmptyInputAndOnlyEmptyLines() throws {
        XCTAssertEqual(try read(""), [])
        XCTAssertEqual(try read("\n\r\n\n"), [])
    }

    func testByteOrderMarkIsDropped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("tweet_id,text\n1,x\n".utf8)
        let records = try read(bytes)
        XCTAssertEqual(records.first?.fields, ["tweet_id", "text"])
        XCTAssertEqual(records.count, 2)
        // Only at the very start: later it is data.
        let later: [UInt8] = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        XCTAssertEqual(try read(later).map(\.fields), [["a"], ["\u{FEFF}b"]])
        // A file that is just a BOM, or shorter than one.
        XCTAssertEqual(try read([0xEF, 0xBB, 0xBF]), [])
        XCTAssertEqual(try read([0xEF, 0xBB]).count, 1)
    }

    func testRaggedRowsReportTheirOwnCounts() throws {
        let records = try read("a,b,c\n1,2\n1,2,3,4\n,\n")
        XCTAssertEqual(records.map(\.fields.count), [3, 2, 4, 2])
        XCTAssertEqual(records[3].fields, ["", ""])
    }

    func testTrailingCommaGivesEmptyLastField() throws {
        XCTAssertEqual(try read("a,\nb,").map(\.fields), [["a", ""], ["b", ""]])
    }

    func testStrayQuotesAreKept() throws {
        // A quote inside an unquoted field is data; bytes after a closing quote are data too.
        let records = try read("5\" tall,ab\"c\"d\n\"ab\"c,\"x\"\"y\"z\r\n")
        XCTAssertEqual(records.map(\.fields), [["5\" tall", "ab\"c\"d"], ["abc", "x\"yz"]])
    }

    func testUnterminatedQuoteAtEndOfFile() throws {
        let records = try read("id,text\n1,ok\n2,\"never closed,\nstill open\n")
        XCTAssertEqual(records.count, 3)
        XCTAssertEqual(records[1], ReadRecord(line: 2, fields: ["1", "ok"]))
        XCTAssertEqual(records[2].line, 3)
        XCTAssertEqual(records[2].problem, .unterminatedQuote)
        XCTAssertEqual(records[2].fields, ["2", "never closed,\nstill open\n"])
        // A lone quote as the last byte.
        let lone = try read("a\n\"")
        XCTAssertEqual(lone.last?.problem, .unterminatedQuote)
        XCTAssertEqual(lone.last?.line, 2)
    }

    func testClosingQuoteAsLastByte() throws {
        XCTAssertEqual(try read("\"a\"\"b\"").map(\.fields), [["a\"b"]])
        XCTAssertEqual(try read("\"a\"").map(\.fields), [["a"]])
    }

    func testTooLongRecordIsSkippedWithItsLine() throws {
        let long = String(repeating: "x", count: 100)
        let text = "h\n\(long),\"\(long)\n\(long)\"\nafter\n"
        for size in [1, 7, 64, 1 << 18] {
            let records = try readAll(Array(text.utf8), bufferSize: size, maxRecordBytes: 50)
            XCTAssertEqual(records.map(\.line), [1, 2, 4], "buffer \(size)")
            XCTAssertEqual(records[1].problem, .tooLong)
            XCTAssertEqual(records[1].fields, [])
            XCTAssertEqual(records[2].fields, ["after"])
        }
        // An unterminated quote in a too-long record is reported as that.
        let open = "h\n\"\(long)\n\(long)\n"
        for size in [3, 64, 1 << 18] {
            let records = try readAll(Array(open.utf8), bufferSize: size, maxRecordBytes: 50)
            XCTAssertEqual(records.count, 2)
            XCTAssertEqual(records[1].line, 2)
            XCTAssertEqual(records[1].problem, .unterminatedQuote)
        }
    }

    func testRecordLongerThanBufferGrowsIt() throws {
        let text = "a," + String(repeating: "y", count: 5000) + "\nb\n"
        let records = try readAll(Array(text.utf8), bufferSize: 16)
        XCTAssertEqual(records.map(\.fields.count), [2, 1])
        XCTAssertEqual(records[0].fields[1].count, 5000)
        XCTAssertEqual(records[1].fields, ["b"])
    }

    func testInvalidUTF8IsReplacedAndFlagged() throws {
        let bytes: [UInt8] = Array("ok,".utf8) + [0x61, 0xFF, 0x62] + Array(",caf\u{E9}\n".utf8)
        var reader = CSVReader(source: MemorySource(bytes))
        let record = try XCTUnwrap(reader.next())
        XCTAssertEqual(record.decodedString(at: 0).isValidUTF8, true)
        let bad = record.decodedString(at: 1)
        XCTAssertEqual(bad.text, "a\u{FFFD}b")
        XCTAssertFalse(bad.isValidUTF8)
        XCTAssertEqual(record.decodedString(at: 2).text, "café")
        XCTAssertTrue(record.decodedString(at: 2).isValidUTF8)
        XCTAssertFalse(record.isValidUTF8)
    }

    func testFieldAccessors() throws {
        var reader = CSVReader(source: MemorySource("\"18.0\",7,,\"1,234\",100+,-,18.5,99999999999999999999,\"a\"\"b\"\n"))
        let r = try XCTUnwrap(reader.next())
        XCTAssertEqual(r.count, 9)
        XCTAssertEqual(r.integer(at: 0), 18)
        XCTAssertEqual(r.integer(at: 1), 7)
        XCTAssertNil(r.integer(at: 2))
        XCTAssertNil(r.integer(at: 3))
        XCTAssertNil(r.integer(at: 4))
        XCTAssertNil(r.integer(at: 5))
        XCTAssertNil(r.integer(at: 6))
        XCTAssertNil(r.integer(at: 7), "overflow is not a number, never a trap")
        XCTAssertTrue(r.isEmpty(at: 2))
        XCTAssertFalse(r.isEmpty(at: 8))
        XCTAssertEqual(Array(r.bytes(at: 8)), Array("a\"b".utf8))
        XCTAssertEqual(r[3], "1,234")
        XCTAssertEqual(r[42], "", "beyond the row's fields: empty")
        XCTAssertTrue(r.isEmpty(at: 42))
    }

    func testExcerptIsRawRecordCappedAt200Characters() throws {
        let long = String(repeating: "é", count: 300)
        var reader = CSVReader(source: MemorySource("h\n\"a\"\"b\",\(long)\r\nnext\n"))
        _ = try reader.next()
        let record = try XCTUnwrap(reader.next())
        XCTAssertEqual(record.excerpt, String("\"a\"\"b\",\(long)".prefix(200)))
        XCTAssertEqual(try reader.next()?.excerpt, "next")
    }

    func testRecordsStayValidAfterNextCall() throws {
        var reader = CSVReader(source: ChunkedSource(Array("one,two\nthree,four\n".utf8)), bufferSize: 4)
        let first = try XCTUnwrap(reader.next())
        let second = try XCTUnwrap(reader.next())
        XCTAssertEqual(first[1], "two")
        XCTAssertEqual(second[0], "three")
    }

    func testSourceErrorPropagatesAfterEarlierRecords() throws {
        let bytes = Array("a,b\n1,2\n3,4\n5,6\n".utf8)
        var reader = CSVReader(source: ChunkedSource(bytes, chunk: 3, failAfter: 10), bufferSize: 4)
        var seen: [String] = []
        XCTAssertThrowsError(try {
            while let record = try reader.next() { seen.append(record[0]) }
        }()) { XCTAssertTrue($0 is ChunkedSource.Broken) }
        XCTAssertEqual(seen, ["a", "1"])
    }

    func testHeaderFindsColumnsByName() throws {
        var reader = CSVReader(source: MemorySource("\u{FEFF}Tweet id, Tweet Permalink ,time,time\n"))
        let header = CSVHeader(try XCTUnwrap(reader.next()))
        XCTAssertEqual(header.index(of: "tweet id"), 0)
        XCTAssertEqual(header.index(of: "TWEET PERMALINK"), 1)
        XCTAssertEqual(header.index(of: "time"), 2, "a repeated name: the first counts")
        XCTAssertNil(header.index(of: "likes"))
        XCTAssertEqual(header.index(ofAny: ["likes", "time"]), 2)
        XCTAssertEqual(header.names, ["Tweet id", "Tweet Permalink", "time", "time"])
    }

    /// Random records written the RFC way must read back exactly, whatever the buffer size.
    func testRandomRoundTrip() throws {
        var generator = SplitMix(seed: 42)
        let alphabet: [String] = ["a", "b", ",", "\"", "\n", "\r\n", "é", " ", "\"\"", "1"]
        for _ in 0..<40 {
            var rows: [[String]] = []
            for _ in 0..<Int(generator.next() % 6 + 1) {
                var row: [String] = []
                for _ in 0..<Int(generator.next() % 4 + 1) {
                    var field = ""
                    for _ in 0..<Int(generator.next() % 6) {
                        field += alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    }
                    row.append(field)
                }
                if row == [""] { row = ["x"] }  // a lone empty field is an empty line
                rows.append(row)
            }
            let text = rows.map { row in
                row.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
            }.joined(separator: generator.next() % 2 == 0 ? "\n" : "\r\n")
            let records = try read(text)
            XCTAssertEqual(records.map(\.fields), rows, text)
        }
    }
}

/// A tiny deterministic generator for the round-trip test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

final class ASCIICheckTests: XCTestCase {
    /// Eight and 32 bytes at a time, then the tail: a byte of 0x80 or more is found wherever it is.
    func testEveryLengthAndPosition() {
        for length in 0...70 {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            XCTAssertTrue(plain.withUnsafeBufferPointer { ASCII.isAll($0) }, "length \(length)")
            for position in 0..<length {
                for high: UInt8 in [0x80, 0xC3, 0xFF] {
                    var bytes = plain
                    bytes[position] = high
                    XCTAssertFalse(bytes.withUnsafeBufferPointer { ASCII.isAll($0) }, "length \(length), \(high) at \(position)")
                }
            }
        }
        XCTAssertTrue(ASCII.isAll(UnsafeBufferPointer(start: nil, count: 0)))
        XCTAssertTrue([UInt8](0..<0x80).withUnsafeBufferPointer { ASCII.isAll($0) })
    }

    /// Non-ASCII text fields are still checked for valid UTF-8.
    func testDecodeUTF8() {
        let valid = Array("Café".utf8), invalid: [UInt8] = [0x41, 0xC3, 0x28]
        XCTAssertEqual(valid.withUnsafeBufferPointer { CSVRecord.decodeUTF8($0) }.text, "Café")
        XCTAssertTrue(valid.withUnsafeBufferPointer { CSVRecord.decodeUTF8($0) }.isValidUTF8)
        XCTAssertFalse(invalid.withUnsafeBufferPointer { CSVRecord.decodeUTF8($0) }.isValidUTF8)
        XCTAssertEqual(invalid.withUnsafeBufferPointer { CSVRecord.decodeUTF8($0) }.text, "A\u{FFFD}(")
    }
}
