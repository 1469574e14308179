import Crypto
import Foundation
import XCTest
@testable import EarshotCore

/// The bytes kept between runs: the encoding, the envelope and its checksum, the content hash.
final class StoredFormatTests: XCTestCase {
    func testNumbersTextAndOptionalsComeBackExactly() throws {
        var w = ByteWriter()
        let ints = [0, 1, -1, 63, -64, 64, 127, 128, Int.max, Int.min, 1_234_567_890_123]
        for v in ints { w.int(v) }
        let doubles = [0.0, -0.0, 1.0 / 3.0, .pi, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for v in doubles { w.double(v) }
        w.double(.nan)
        w.string("café ☕️ @redcross\n\"quoted\"")
        w.optional(Optional<Int>.none) { $0.int($1) }
        w.optional(Optional(42)) { $0.int($1) }
        w.strings(["", "a", "b"])

        var r = ByteReader(w.bytes)
        for v in ints { XCTAssertEqual(try r.int(), v) }
        for v in doubles { XCTAssertEqual(try r.double().bitPattern, v.bitPattern) }
        XCTAssertTrue(try r.double().isNaN)
        XCTAssertEqual(try r.string(), "café ☕️ @redcross\n\"quoted\"")
        XCTAssertNil(try r.optional { try $0.int() })
        XCTAssertEqual(try r.optional { try $0.int() }, 42)
        XCTAssertEqual(try r.strings(), ["", "a", "b"])
        XCTAssertTrue(r.atEnd)
    }

    func testDamagedBytesThrowInsteadOfTrapping() {
        // A count far beyond the end, a varint that never ends, text that is not UTF-8.
        var huge = ByteWriter()
        huge.unsigned(UInt64.max)
        var r1 = ByteReader(huge.bytes)
        XCTAssertThrowsError(try r1.strings())
        var r2 = ByteReader([UInt8](repeating: 0xFF, count: 20))
        XCTAssertThrowsError(try r2.unsigned())
        var r3 = ByteReader([2, 0xC3, 0x28])
        XCTAssertThrowsError(try r3.string())
        var r4 = ByteReader([1])
        XCTAssertThrowsError(try r4.double())
        var r5 = ByteReader([7])
        XCTAssertThrowsError(try r5.bool())
    }

    func testEveryFieldOfTheStoredTypesIsWritten() {
        XCTAssertEqual(ResultCoding.unknownFields(), [], "add the new fields to ResultCoding (write, read and knownFields)")
    }

    func testAnOrganizationsResultComesBackEqual() throws {
        let org = Organization(handle: "acme", name: "Acme", sector: .commercial, domains: ["acme.com"], hashtags: ["acme"], followers: 1_000)
        var posts: [Post] = []
        for i in 0..<30 {
            var post = Post(org: "acme", id: "\(1000 + i)", created: 1_420_000_000 + Int64(i) * 86_400 * 9,
                            text: i % 3 == 0 ? "Donate today at https://acme.com/give #acme" : "Thanks @friend_\(i % 4) for the help!",
                            format: .legacyArchive, likes: i, reposts: i % 5, replies: 1, quotes: 0)
            if i % 7 == 0 { post.impressions = 100 * i; post.engagements = 3 * i }
            posts.append(post)
        }
        let result = OrgAnalysis.analyze(handle: "acme", posts: posts, organization: org, lexicon: .builtin)
        XCTAssertFalse(result.topPosts.isEmpty)
        XCTAssertFalse(result.promotionalExamples.isEmpty)
        var w = ByteWriter()
        ResultCoding.write(result, to: &w)
        var r = ByteReader(w.bytes)
        let back = try ResultCoding.readOrgResult(&r)
        XCTAssertTrue(r.atEnd)
        XCTAssertEqual(back.metrics, result.metrics)
        XCTAssertEqual(back.months, result.months)
        XCTAssertEqual(back.topPosts, result.topPosts)
        XCTAssertEqual(back.promotionalExamples, result.promotionalExamples)
        XCTAssertEqual(back.topPartners, result.topPartners)
        XCTAssertEqual(MetricsCSV.organizations([back]), MetricsCSV.organizations([result]))
        XCTAssertEqual(MetricsCSV.orgMonths([back]), MetricsCSV.orgMonths([result]))
    }

    func testTheEnvelopeRefusesDamageOtherKindsAndOtherVersions() throws {
        let sealed = StoredFile.seal(kind: "organization") { $0.string("hello") }
        var r = try StoredFile.open(sealed, kind: "organization")
        XCTAssertEqual(try r.string(), "hello")

        for position in [0, 10, sealed.count / 2, sealed.count - 1] {
            var damaged = sealed
            damaged[position] ^= 0x40
            XCTAssertThrowsError(try StoredFile.open(damaged, kind: "organization"), "byte \(position)")
        }
        XCTAssertThrowsError(try StoredFile.open(Array(sealed.dropLast(5)), kind: "organization"))
        XCTAssertThrowsError(try StoredFile.open(sealed, kind: "partial")) { error in
            XCTAssertTrue("\(error)".contains("holds a `organization`"), "\(error)")
        }
        // The same body under another format version: the checksum is right, the version is not.
        var w = ByteWriter()
        w.raw(StoredFile.magic)
        w.string("organization")
        w.unsigned(StoredFile.formatVersion + 1)
        w.string("hello")
        let future = w.bytes + SHA256.digest(w.bytes)
        XCTAssertThrowsError(try StoredFile.open(future, kind: "organization")) { error in
            XCTAssertTrue("\(error)".contains("format version \(StoredFile.formatVersion + 1)"), "\(error)")
        }
        XCTAssertThrowsError(try StoredFile.open(Array("not earshot at all, just some text of a decent length".utf8), kind: "partial"))
    }

    func testAPageIsKeptOnlyWithExactlyOnePlaceholder() throws {
        let p = ResultCache.generatedAtPlaceholder
        let parts = try XCTUnwrap(ResultCache.aroundPlaceholder("<p>café ☕️</p><footer>Generated \(p).</footer>"))
        XCTAssertEqual(parts.before, "<p>café ☕️</p><footer>Generated ")
        XCTAssertEqual(parts.after, ".</footer>")
        XCTAssertNil(ResultCache.aroundPlaceholder("no placeholder"))
        XCTAssertNil(ResultCache.aroundPlaceholder("a post quoting \(p) and the footer \(p)"))
        XCTAssertEqual(ResultCache.aroundPlaceholder(p)?.before, "")
    }

    func testTheStreamingHashIsSHA256() throws {
        XCTAssertEqual(SHA256.hex(SHA256.digest(Array("abc".utf8))),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(SHA256.digest([UInt8]())),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // A file read in 1 MiB blocks (two whole blocks and a part) hashes as its bytes at once.
        var random = SystemRandomNumberGenerator()
        let data = (0..<(2 << 20) + 10_007).map { _ in UInt8.random(in: 0...255, using: &random) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-hash-\(UUID().uuidString)")
        try Data(data).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertEqual(try SHA256.ofFile(at: url.path), SHA256.digest(data))
    }
}
