import Foundation
import XCTest
@testable import EarshotCore

/// The scan reads the head of every file; a large gzip file (a collection) is streamed for it,
/// never read whole, and reads the same either way.
final class ScanMemoryTests: XCTestCase {
    func gzipFile(lines: Int) throws -> (path: String, content: [UInt8]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-scan-\(UUID().uuidString).csv.gz").path
        var text = "id,text\n"
        for i in 0..<lines { text += "\(i),post number \(i) of a long collection \(i * 7919 % 10007)\n" }
        let writer = try GzipFileWriter(path: path)
        try writer.write(text)
        try writer.close()
        return (path, Array(text.utf8))
    }

    func testTheTrailerGivesTheContentSize() throws {
        let file = try gzipFile(lines: 20_000)
        defer { try? FileManager.default.removeItem(atPath: file.path) }
        let source = try FileSource(path: file.path)
        let size = source.size
        XCTAssertEqual(size, ReaderCatalog.fileSize(file.path))
        XCTAssertEqual(InputOpener.trailerContentSize(of: source, fileSize: size), file.content.count)
        XCTAssertGreaterThan(file.content.count, 4 * 64 * 1024, "more than the head may inflate whole")
        XCTAssertEqual(InputOpener.trailerContentSize(of: source, fileSize: 10), 0, "too short for a gzip trailer")
        XCTAssertEqual(InputOpener.trailerContentSize(of: source, fileSize: size + 100), 0, "past the end: unreadable")
    }

    func testALargeGzipFileGivesTheSameHeadAndContentStreamed() throws {
        let file = try gzipFile(lines: 20_000)
        defer { try? FileManager.default.removeItem(atPath: file.path) }
        let head = try InputOpener.head(ExportFile(path: file.path), maxBytes: 64 * 1024)
        XCTAssertEqual(head, Array(file.content.prefix(64 * 1024)))
        // Content above what the head may inflate whole: streamed, byte for byte the same.
        let source = try InputOpener.open(path: file.path, wholeContentLimit: 256 * 1024)
        XCTAssertTrue(source is GzipSource, "streamed, not held whole")
        var read: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            read += buffer[..<n]
        }
        XCTAssertEqual(read, file.content)
    }

    func testASmallGzipFileIsStillInflatedWholeWhereLibdeflateIsPresent() throws {
        let file = try gzipFile(lines: 200)
        defer { try? FileManager.default.removeItem(atPath: file.path) }
        let source = try InputOpener.open(path: file.path, wholeContentLimit: 256 * 1024)
        if FastGunzip.isAvailable { XCTAssertTrue(source is MemorySource) } else { XCTAssertTrue(source is GzipSource) }
        XCTAssertEqual(try InputOpener.head(ExportFile(path: file.path), maxBytes: 1 << 20), file.content)
    }
}
