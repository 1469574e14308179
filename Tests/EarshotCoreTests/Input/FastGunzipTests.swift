import XCTest
@testable import EarshotCore

/// libdeflate, when present, inflates small plain gzip files whole; everything else is zlib's.
final class FastGunzipTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "earshot-fastgunzip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    let content = Array(String(repeating: "tweet_id,text\n1,\"héllo, world\"\n", count: 2_000).utf8)

    func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = folder + "/\(UUID().uuidString).gz"
        let writer = try GzipFileWriter(path: path)
        try writer.write(bytes)
        try writer.close()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func readAll(_ source: ByteSource) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 7_000)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return out }
            out += chunk[..<n]
        }
    }

    func testPlainMemberAndZeroPadding() throws {
        try XCTSkipUnless(FastGunzip.isAvailable, "libdeflate is not on this machine")
        let member = try gzipped(content)
        XCTAssertEqual(FastGunzip.decompress(member), content)
        // Padding hides the trailer's size from the end of the file: zlib reads it.
        XCTAssertNil(FastGunzip.decompress(member + [0, 0, 0, 0]))
    }

    func testEverythingUnusualIsLeftToZlib() throws {
        let member = try gzipped(content)
        XCTAssertNil(FastGunzip.decompress(member + (try gzipped(content))), "two members")
        var corrupt = member
        corrupt[corrupt.count / 2] ^= 0xFF
        XCTAssertNil(FastGunzip.decompress(corrupt), "damaged data")
        XCTAssertNil(FastGunzip.decompress(Array(member.dropLast(10))), "cut short")
        var headerCRC = member
        headerCRC[3] |= 0x02
        XCTAssertNil(FastGunzip.decompress(headerCRC), "a header CRC, which only zlib checks")
        XCTAssertNil(FastGunzip.decompress(member, contentLimit: content.count - 1), "more content than allowed")
        XCTAssertNil(FastGunzip.decompress(member + [1]), "trailing garbage")
    }

    func testOpeningGivesZlibsBytesAndErrors() throws {
        let member = try gzipped(content)
        let good = folder + "/good.csv.gz", twice = folder + "/twice.csv.gz", cut = folder + "/cut.csv.gz"
        try Data(member).write(to: URL(fileURLWithPath: good))
        try Data(member + member).write(to: URL(fileURLWithPath: twice))
        try Data(member.prefix(member.count - 30)).write(to: URL(fileURLWithPath: cut))
        XCTAssertEqual(try readAll(try InputOpener.open(path: good)), content)
        XCTAssertEqual(try readAll(try InputOpener.open(path: twice)), content + content)
        XCTAssertThrowsError(try readAll(try InputOpener.open(path: cut))) { error in
            guard case InputError.truncatedGzip = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try InputOpener.head(path: good, maxBytes: 100), Array(content.prefix(100)))
    }
}
