import Foundation
import XCTest
@testable import EarshotCore

/// The zip reader: entries listed from the central directory and streamed in place, checked as
/// they stream, and the archives no export should be (truncated, bombs, unsafe names) refused
/// with a message that names the archive or entry.
final class ZipArchiveTests: XCTestCase {
    /// Text that deflates well but not trivially: a pseudo-random mix of words.
    static func text(bytes: Int, seed: UInt64 = 42) -> [UInt8] {
        let words = ["donate", "today", "#volunteer", "https://example.org/", "thanks", "@friend", "event", "\n", "é"]
        var state = seed
        var out: [UInt8] = []
        out.reserveCapacity(bytes + 32)
        while out.count < bytes {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out += Array(words[Int(state >> 33) % words.count].utf8) + [32]
        }
        return Array(out.prefix(bytes))
    }

    func open(_ path: String, _ entry: ZipEntry) throws -> ByteSource {
        try ZipArchive.open(entry, archive: path, displayName: "a.zip/" + entry.name)
    }

    func testEntriesOfAZIPFoundationArchiveReadBackExactly() throws {
        let dir = try Tier2Folder()
        let big = Self.text(bytes: 3_000_000)
        let small = Array("id,text\n1,hello\n".utf8)
        let path = try dir.write("a.zip", data: try zipFoundationArchive([("data/tweets.js", big), ("notes/small.csv", small)]))
        let entries = try ZipArchive.entries(path: path)
        XCTAssertEqual(entries.map(\.name), ["data/tweets.js", "notes/small.csv"])
        XCTAssertEqual(entries[0].method, 8, "deflated")
        XCTAssertEqual(entries[0].uncompressedSize, 3_000_000)
        XCTAssertLessThan(entries[0].compressedSize, 3_000_000)
        XCTAssertNil(entries[0].problem)
        // Odd read sizes cross every internal buffer boundary.
        XCTAssertEqual(try tier2Drain(try open(path, entries[0]), chunk: 7_777), big)
        XCTAssertEqual(try tier2Drain(try open(path, entries[1]), chunk: 3), small)
    }

    func testStoredEntriesAndFoldersAreListed() throws {
        let dir = try Tier2Folder()
        var zip = HandZip()
        zip.entries = [.init(name: "data/", bytes: []), .init(name: "data/a.csv", bytes: Array("x\n".utf8))]
        let path = try dir.write("s.zip", data: Data(zip.build()))
        let entries = try ZipArchive.entries(path: path)
        XCTAssertEqual(entries.map(\.isDirectory), [true, false])
        XCTAssertEqual(try tier2Drain(try open(path, entries[1])), Array("x\n".utf8))
    }

    func testZip64RecordsAndBytesBeforeTheArchiveAreRead() throws {
        let dir = try Tier2Folder()
        var zip = HandZip()
        zip.zip64 = true
        zip.prefix = Array("#!/bin/sh\nexit 0\n".utf8) // a self-extractor's stub
        zip.entries = [.init(name: "one.txt", bytes: Array("first".utf8)), .init(name: "two.txt", bytes: Array("second".utf8))]
        let path = try dir.write("z64.zip", data: Data(zip.build()))
        let entries = try ZipArchive.entries(path: path)
        XCTAssertEqual(entries.map(\.name), ["one.txt", "two.txt"])
        XCTAssertEqual(entries.map(\.uncompressedSize), [5, 6], "sizes from the Zip64 extra field")
        XCTAssertEqual(String(decoding: try tier2Drain(try open(path, entries[1])), as: UTF8.self), "second")
    }

    func testATruncatedArchiveIsUnreadableWithAClearReason() throws {
        let dir = try Tier2Folder()
        let whole = try zipFoundationArchive([("data/tweets.js", Self.text(bytes: 200_000))])
        let path = try dir.write("cut.zip", data: whole.prefix(whole.count / 2))
        XCTAssertThrowsError(try ZipArchive.entries(path: path, displayName: "cut.zip")) { error in
            guard case let ZipError.unreadableArchive(archive, reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(archive, "cut.zip")
            XCTAssertTrue(reason.contains("truncated"), reason)
        }
        XCTAssertTrue(ZipArchive.looksLikeZip(path: path), "still recognised as a zip by its first bytes")
    }

    func testAnEntryClaimingAHugeSizeIsNotRead() throws {
        let dir = try Tier2Folder()
        var zip = HandZip()
        zip.entries = [.init(name: "bomb.csv", bytes: Array(repeating: 65, count: 1000), declaredSize: 1 << 40,
                             declaredCompressedSize: 1000, method: 8)]
        zip.zip64 = true
        let path = try dir.write("bomb.zip", data: Data(zip.build()))
        let entry = try XCTUnwrap(ZipArchive.entries(path: path).first)
        let problem = try XCTUnwrap(entry.problem)
        XCTAssertTrue(problem.contains("zip bomb") && problem.contains("1099511627776"), problem)
        XCTAssertThrowsError(try open(path, entry)) { error in
            XCTAssertTrue("\(error)".contains("a.zip/bomb.csv"), "\(error)")
        }
    }

    func testAHighRatioIsRefusedButSmallRepetitiveFilesAreNot() throws {
        let limits = ZipLimits()
        func problem(size: UInt64, compressed: UInt64) -> String? {
            ZipArchive.problem(of: ZipEntry(name: "x.csv", method: 8, compressedSize: compressed, uncompressedSize: size),
                               limits: limits, dataLimit: .max)
        }
        XCTAssertNil(problem(size: 900_000, compressed: 1_000), "under 1 MiB any ratio is fine")
        XCTAssertNil(problem(size: 50_000_000, compressed: 5_000_000), "10:1 is an ordinary export")
        XCTAssertNotNil(problem(size: 500_000_000, compressed: 1_000_000), "500:1 is not")
    }

    func testAnEntryLongerThanItsDirectorySaysStopsWithAnError() throws {
        let dir = try Tier2Folder()
        let data = Self.text(bytes: 100_000)
        // A deflated entry whose directory understates its size: the stream would inflate on.
        var bytes = [UInt8](try zipFoundationArchive([("x.csv", data)]))
        let path0 = try dir.write("ok.zip", data: Data(bytes))
        let real = try XCTUnwrap(ZipArchive.entries(path: path0).first)
        let lie = real.uncompressedSize / 10
        patchDirectory(&bytes, field: 24, value: UInt32(lie))
        let path = try dir.write("lie.zip", data: Data(bytes))
        let entry = try XCTUnwrap(ZipArchive.entries(path: path).first)
        XCTAssertEqual(entry.uncompressedSize, lie)
        XCTAssertThrowsError(try tier2Drain(try open(path, entry))) { error in
            XCTAssertTrue("\(error)".contains("more data than the \(lie) bytes"), "\(error)")
        }
    }

    func testAnEntryShorterThanDeclaredOrWithABadCRCIsCorrupt() throws {
        let dir = try Tier2Folder()
        var zip = HandZip()
        zip.entries = [.init(name: "short.csv", bytes: Array("abc".utf8), declaredSize: 4, declaredCompressedSize: 3),
                       .init(name: "crc.csv", bytes: Array("abc".utf8), declaredCRC: 12345)]
        let path = try dir.write("bad.zip", data: Data(zip.build()))
        let entries = try ZipArchive.entries(path: path)
        // Stored with 3 bytes but declaring 4: refused up front.
        XCTAssertNotNil(entries[0].problem)
        XCTAssertThrowsError(try tier2Drain(try open(path, entries[1]))) { error in
            XCTAssertTrue("\(error)".contains("CRC-32 mismatch"), "\(error)")
        }
    }

    func testADeflateStreamCutShortIsATruncatedEntry() throws {
        let dir = try Tier2Folder()
        let data = Self.text(bytes: 200_000)
        var bytes = [UInt8](try zipFoundationArchive([("x.csv", data)]))
        let path0 = try dir.write("ok.zip", data: Data(bytes))
        let real = try XCTUnwrap(ZipArchive.entries(path: path0).first)
        // Declare half the compressed bytes: the inflater runs out of input mid-stream.
        patchDirectory(&bytes, field: 20, value: UInt32(real.compressedSize / 2))
        let path = try dir.write("cut.zip", data: Data(bytes))
        let entry = try XCTUnwrap(ZipArchive.entries(path: path).first)
        let source = try open(path, entry)
        XCTAssertThrowsError(try tier2Drain(source)) { error in
            guard case ZipError.truncatedEntry = error else { return XCTFail("\(error)") }
        }
    }

    func testUnsafeNamesEncryptionAndUnknownMethodsAreProblems() throws {
        let dir = try Tier2Folder()
        var zip = HandZip()
        zip.entries = [.init(name: "../evil.csv", bytes: [1]), .init(name: "/etc/passwd", bytes: [1]),
                       .init(name: "C:/x.csv", bytes: [1]), .init(name: "a/../../b.csv", bytes: [1]),
                       .init(name: "secret.csv", bytes: [1], flags: 1), .init(name: "lzma.csv", bytes: [1], method: 14),
                       .init(name: "fine..name.csv", bytes: [1])]
        let path = try dir.write("names.zip", data: Data(zip.build()))
        let problems = try ZipArchive.entries(path: path).map(\.problem)
        for i in 0..<4 { XCTAssertTrue(problems[i]?.hasPrefix("unsafe name") == true, "\(i): \(String(describing: problems[i]))") }
        XCTAssertTrue(problems[4]?.contains("encrypted") == true)
        XCTAssertTrue(problems[5]?.contains("method 14") == true)
        XCTAssertNil(problems[6], "`..` inside a name is not a path component")
    }

    func testOverlappingEntriesAreRefused() throws {
        let dir = try Tier2Folder()
        var zip = HandZip()
        zip.entries = [.init(name: "a.csv", bytes: Array(repeating: 65, count: 100)),
                       .init(name: "b.csv", bytes: Array(repeating: 66, count: 100), reuseOffsetOf: 0)]
        let path = try dir.write("overlap.zip", data: Data(zip.build()))
        let entries = try ZipArchive.entries(path: path)
        XCTAssertTrue(entries.allSatisfy { $0.problem?.contains("overlaps") == true }, "\(entries.map(\.problem))")
    }

    func testNotAZipAndEmptyArchives() throws {
        let dir = try Tier2Folder()
        let text = try dir.write("plain.csv", "a,b\n1,2\n")
        XCTAssertFalse(ZipArchive.looksLikeZip(path: text))
        XCTAssertThrowsError(try ZipArchive.entries(path: text))
        let empty = try dir.write("empty.zip", data: Data(HandZip().build()))
        XCTAssertTrue(ZipArchive.looksLikeZip(path: empty))
        XCTAssertEqual(try ZipArchive.entries(path: empty).count, 0)
        // A zip inside a zip is not opened: one level is read, and the reason says so.
        XCTAssertEqual(FormatDetector.whyNotAnExport([0x50, 0x4B, 0x03, 0x04, 0, 0]),
                       "a zip archive inside an archive: not read (unzip the outer one first)")
    }

    func testAGzippedEntryIsDecompressedToo() throws {
        let dir = try Tier2Folder()
        let gzPath = dir.url.appendingPathComponent("x.gz").path
        let writer = try GzipFileWriter(path: gzPath)
        try writer.write("tweet_id,timestamp\n")
        try writer.close()
        let gz = [UInt8](try Data(contentsOf: URL(fileURLWithPath: gzPath)))
        let path = try dir.write("g.zip", data: try zipFoundationArchive([("tweets.csv.gz", gz)], deflate: false))
        let entry = try XCTUnwrap(ZipArchive.entries(path: path).first)
        let file = ExportFile(path: path, displayPath: "g.zip/tweets.csv.gz", zipEntry: entry)
        XCTAssertEqual(String(decoding: try tier2Drain(try InputOpener.open(file)), as: UTF8.self), "tweet_id,timestamp\n")
        XCTAssertEqual(String(decoding: try InputOpener.head(file, maxBytes: 8), as: UTF8.self), "tweet_id")
    }

    /// Overwrites a 32-bit field of the first central-directory record.
    func patchDirectory(_ bytes: inout [UInt8], field: Int, value: UInt32) {
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        guard let at = (0..<(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == signature }) else {
            return XCTFail("no central directory")
        }
        for k in 0..<4 { bytes[at + field + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) }
    }
}
