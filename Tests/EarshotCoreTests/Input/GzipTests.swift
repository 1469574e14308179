import Foundation
import XCTest
@testable import EarshotCore

/// `gzip` output (mtime 0) for "hello world\n" and "second member\n".
private let helloGzip: [UInt8] = [
    0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x57,
    0x28, 0xCF, 0x2F, 0xCA, 0x49, 0xE1, 0x02, 0x00, 0x2D, 0x3B, 0x08, 0xAF, 0x0C, 0x00, 0x00, 0x00,
]
private let secondGzip: [UInt8] = [
    0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x2B, 0x4E, 0x4D, 0xCE, 0xCF, 0x4B,
    0x51, 0xC8, 0x4D, 0xCD, 0x4D, 0x4A, 0x2D, 0xE2, 0x02, 0x00, 0x36, 0x18, 0x4B, 0x0E, 0x0E, 0x00,
    0x00, 0x00,
]

/// Reads a source to its end, `bufferSize` bytes at a time.
func readAll(_ source: ByteSource, bufferSize: Int = 4096) throws -> [UInt8] {
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: bufferSize)
    while true {
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { return result }
        result.append(contentsOf: buffer[..<n])
    }
}

/// A fresh scratch folder per test, removed afterwards.
class ScratchTestCase: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = scratch.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

final class GzipTests: ScratchTestCase {
    func testSingleMember() throws {
        let source = GzipSource(MemorySource(helloGzip), name: "a.gz")
        XCTAssertEqual(String(decoding: try readAll(source), as: UTF8.self), "hello world\n")
        // The end stays the end.
        XCTAssertEqual(try readAll(source), [])
    }

    func testMultiMemberIsReadToTheEnd() throws {
        let source = GzipSource(MemorySource(helloGzip + secondGzip + helloGzip), name: "cat.gz")
        XCTAssertEqual(String(decoding: try readAll(source), as: UTF8.self), "hello world\nsecond member\nhello world\n")
    }

    func testOneByteBuffersAndInputBuffers() throws {
        let source = GzipSource(MemorySource(helloGzip + secondGzip), name: "cat.gz", inputBufferSize: 1)
        XCTAssertEqual(String(decoding: try readAll(source, bufferSize: 1), as: UTF8.self), "hello world\nsecond member\n")
    }

    func testTruncatedStreamNamesTheOffset() throws {
        let cut = Array(helloGzip.prefix(20))
        let source = GzipSource(MemorySource(cut), name: "cut.gz")
        XCTAssertThrowsError(try readAll(source)) { error in
            XCTAssertEqual(error as? InputError, .truncatedGzip(file: "cut.gz", offset: 20))
        }
    }

    func testTruncatedSecondMemberKeepsTheFirst() throws {
        let source = GzipSource(MemorySource(helloGzip + secondGzip.prefix(12)), name: "cut.gz")
        var buffer = [UInt8](repeating: 0, count: 100)
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        XCTAssertEqual(String(decoding: buffer[..<n], as: UTF8.self), "hello world\n")
        XCTAssertThrowsError(try readAll(source)) { error in
            XCTAssertEqual(error as? InputError, .truncatedGzip(file: "cut.gz", offset: 44))
        }
    }

    func testCorruptDataCarriesZlibMessageAndOffset() throws {
        var bad = helloGzip
        bad[10] = 0xFF  // block type 11: reserved
        let source = GzipSource(MemorySource(bad), name: "bad.gz")
        XCTAssertThrowsError(try readAll(source)) { error in
            guard case let .corruptGzip(file, offset, message)? = error as? InputError else {
                return XCTFail("expected corruptGzip, got \(error)")
            }
            XCTAssertEqual(file, "bad.gz")
            XCTAssertEqual(message, "invalid block type")
            XCTAssertEqual(offset, 11)
        }
    }

    func testChecksumMismatchIsCorrupt() throws {
        var bad = helloGzip
        bad[24] ^= 0x01  // CRC-32 of the trailer
        XCTAssertThrowsError(try readAll(GzipSource(MemorySource(bad), name: "crc.gz"))) { error in
            guard case let .corruptGzip(_, _, message)? = error as? InputError else {
                return XCTFail("expected corruptGzip, got \(error)")
            }
            XCTAssertEqual(message, "incorrect data check")
        }
    }

    func testTrailingZeroPaddingIsIgnored() throws {
        let source = GzipSource(MemorySource(helloGzip + [UInt8](repeating: 0, count: 700)), name: "pad.gz",
                                inputBufferSize: 256)
        XCTAssertEqual(String(decoding: try readAll(source), as: UTF8.self), "hello world\n")
    }

    func testTrailingGarbageIsReportedAfterTheData() throws {
        let source = GzipSource(MemorySource(helloGzip + [0, 0] + Array("junk".utf8)), name: "junk.gz")
        var buffer = [UInt8](repeating: 0, count: 100)
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        XCTAssertEqual(String(decoding: buffer[..<n], as: UTF8.self), "hello world\n")
        XCTAssertThrowsError(try readAll(source)) { error in
            guard case let .corruptGzip(_, offset, message)? = error as? InputError else {
                return XCTFail("expected corruptGzip, got \(error)")
            }
            XCTAssertEqual(offset, 34)
            XCTAssertTrue(message.contains("trailing garbage"), message)
        }
    }

    func testSecondMemberWithBadHeaderIsCorrupt() throws {
        let source = GzipSource(MemorySource(helloGzip + [0x1F, 0x00, 0x08, 0x00]), name: "b.gz")
        XCTAssertThrowsError(try readAll(source)) { error in
            guard case .corruptGzip? = error as? InputError else { return XCTFail("got \(error)") }
        }
    }

    func testOpenerDetectsGzipByContentNotName() throws {
        let gz = try file("posts.csv", helloGzip + secondGzip)
        XCTAssertTrue(try InputOpener.open(path: gz) is GzipSource)
        XCTAssertEqual(String(decoding: try readAll(InputOpener.open(path: gz)), as: UTF8.self),
                       "hello world\nsecond member\n")
        let plain = try file("plain.csv.gz", Array("id,text\n1,x\n".utf8))
        XCTAssertFalse(try InputOpener.open(path: plain) is GzipSource)
        XCTAssertEqual(String(decoding: try readAll(InputOpener.open(path: plain), bufferSize: 3), as: UTF8.self),
                       "id,text\n1,x\n")
    }

    func testRecognisingGzipInAnySource() throws {
        let gz = try InputOpener.decompressingIfGzip(TrickleSource(helloGzip, step: 1), name: "entry")
        XCTAssertTrue(gz is GzipSource)
        XCTAssertEqual(String(decoding: try readAll(gz), as: UTF8.self), "hello world\n")
        let plain = try InputOpener.decompressingIfGzip(TrickleSource([0x1F, 0x8C, 0x41], step: 1), name: "entry")
        XCTAssertEqual(try readAll(plain), [0x1F, 0x8C, 0x41], "1F alone is not gzip")
    }

    func testOpenerOnEmptyAndOneByteFiles() throws {
        XCTAssertEqual(try readAll(InputOpener.open(path: file("empty", []))), [])
        XCTAssertEqual(try InputOpener.head(path: file("empty2", []), maxBytes: 10), [])
        XCTAssertEqual(try readAll(InputOpener.open(path: file("one", [0x1F]))), [0x1F])
    }

    func testFileOfOnlyTheMagicBytesIsTruncated() throws {
        let path = try file("magic.gz", [0x1F, 0x8B])
        XCTAssertThrowsError(try readAll(InputOpener.open(path: path))) { error in
            XCTAssertEqual(error as? InputError, .truncatedGzip(file: path, offset: 2))
        }
        XCTAssertThrowsError(try InputOpener.head(path: path, maxBytes: 10))
    }

    func testOpenerOnMissingFile() {
        XCTAssertThrowsError(try InputOpener.open(path: "/nonexistent/earshot/file")) { error in
            guard case .cannotOpen? = error as? InputError else { return XCTFail("got \(error)") }
        }
    }

    func testHeadOfTruncatedFileGivesItsStart() throws {
        let text = (0..<5000).map { "line \($0) of a long file\n" }.joined()
        let full = try file("full.gz", [])
        let writer = try GzipFileWriter(path: full)
        try writer.write(text)
        try writer.close()
        let compressed = try Array(Data(contentsOf: URL(fileURLWithPath: full)))
        let cut = try file("cut", Array(compressed.prefix(compressed.count / 2)))
        XCTAssertEqual(try InputOpener.head(path: cut, maxBytes: 64), Array(text.utf8.prefix(64)))
        // Asking for more than the truncated file holds still gives what is there.
        let all = try InputOpener.head(path: cut, maxBytes: 10_000_000)
        XCTAssertGreaterThan(all.count, 1000)
        XCTAssertLessThan(all.count, text.utf8.count)
        XCTAssertEqual(all, Array(text.utf8.prefix(all.count)))
    }

    func testHeadOfPlainFile() throws {
        let path = try file("p.csv", Array("abcdef".utf8))
        XCTAssertEqual(try InputOpener.head(path: path, maxBytes: 4), Array("abcd".utf8))
        XCTAssertEqual(try InputOpener.head(path: path, maxBytes: 40), Array("abcdef".utf8))
    }

    func testWriterRoundTripThroughSmallBuffers() throws {
        // Text that compresses (repeats) and text that does not (a simple generator's noise).
        var bytes = Array((0..<20_000).map { "row \($0),some text\n" }.joined().utf8)
        var state: UInt32 = 12345
        for _ in 0..<300_000 {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let path = scratch.appendingPathComponent("round.gz").path
        let writer = try GzipFileWriter(path: path, level: 1)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 7919)
            try Array(bytes[offset..<end]).withUnsafeBytes { try writer.write($0) }
            offset = end
        }
        try writer.close()
        XCTAssertThrowsError(try writer.write("late"))
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(2)), [0x1F, 0x8B])
        // Through zlib as the reader streams it, and through the opener (which may use libdeflate).
        XCTAssertEqual(try readAll(GzipSource(FileSource(path: path), name: path), bufferSize: 1000), bytes)
        XCTAssertEqual(try readAll(InputOpener.open(path: path), bufferSize: 1000), bytes)
    }

    func testWriterOfNothingIsAValidEmptyGzip() throws {
        let path = scratch.appendingPathComponent("empty.gz").path
        try GzipFileWriter(path: path).close()
        let written = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(written.prefix(2)), [0x1F, 0x8B])
        XCTAssertEqual(try readAll(InputOpener.open(path: path)), [])
    }
}
