import Foundation
import XCTest
@testable import EarshotCore

/// `--shard I/N --partial FILE` and `earshot merge`: N shards merged write the bytes one run
/// writes, and partials that do not belong together are refused.
final class ShardMergeTests: XCTestCase {
    nonisolated(unsafe) static var corpus: OperationsCorpus?

    override class func setUp() {
        corpus = try? OperationsCorpus(orgs: 8, postsPerOrg: 30, seed: 11, name: "shards")
        _ = try? corpus?.report(out: "single")
    }

    override class func tearDown() { corpus = nil }

    func shared() throws -> OperationsCorpus { try XCTUnwrap(Self.corpus, "the corpus could not be written") }

    /// Writes the N partials of a run; returns their paths (relative to the corpus).
    func partials(_ corpus: OperationsCorpus, count: Int, tag: String = "", lexicon: String? = nil) throws -> [String] {
        try (0..<count).map { i in
            let name = "partials\(tag)/\(i)-of-\(count).partial"
            try corpus.report(out: "unused", shard: Shard(index: i, count: count), partial: name, lexicon: lexicon)
            return name
        }
    }

    func testShardsMergedGiveTheBytesOfOneRunForOneTwoAndThreeShards() throws {
        let corpus = try shared()
        let single = try corpus.tables("single")
        for count in 1...3 {
            let names = try partials(corpus, count: count)
            // Any order.
            try corpus.merge(names.reversed(), out: "merged\(count)")
            assertSameTables(single, try corpus.tables("merged\(count)"), "\(count) shards")
            XCTAssertEqual(try Summary.withoutTimes(corpus.read("single/summary.json")),
                           try Summary.withoutTimes(corpus.read("merged\(count)/summary.json")), "\(count) shards: summary.json")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: corpus.path("unused")), "a shard writes no report")
    }

    func testEveryOrganizationIsInExactlyOneShard() throws {
        let handles = (0..<500).map { "org_\($0)" } + ["RedCross", "@redcross", "ÉCOLE"]
        for count in 1...5 {
            for handle in handles {
                let shards = (0..<count).filter { Shard(index: $0, count: count)!.contains(handle) }
                XCTAssertEqual(shards.count, 1, "\(handle) in \(count) shards")
            }
        }
        XCTAssertEqual(Shard("RedCross"), nil)
        XCTAssertEqual(Shard("2/2"), nil)
        XCTAssertEqual(Shard("1/3"), Shard(index: 1, count: 3))
        // FNV-1a 64 reference values: the empty string is the offset basis.
        XCTAssertEqual(Shard.hash(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(Shard.hash("a"), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(Shard.hash("@RedCross"), Shard.hash("redcross"), "case and @ do not matter")
    }

    func testTheSameShardTwiceAndAMissingShardAreRefused() throws {
        let corpus = try shared()
        let names = try partials(corpus, count: 3, tag: "-twice")
        XCTAssertThrowsError(try corpus.merge([names[0], names[1], names[1]], out: "twice")) { error in
            XCTAssertTrue("\(error)".contains("shard 1/3 given twice"), "\(error)")
        }
        XCTAssertThrowsError(try corpus.merge([names[2], names[0]], out: "missing")) { error in
            XCTAssertTrue("\(error)".contains("shard 1/3 missing"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: corpus.path("twice/organizations.csv")))
    }

    func testPartialsOfAnotherLexiconShardCountRegistryOrVersionAreRefused() throws {
        let corpus = try shared()
        try corpus.write("lexicon.txt", "[action]\ndonate\n[event]\n[recognition]\n[solicitation]\n")
        let builtin = try partials(corpus, count: 2, tag: "-builtin")
        let other = try partials(corpus, count: 2, tag: "-lexicon", lexicon: "lexicon.txt")
        XCTAssertThrowsError(try corpus.merge([builtin[0], other[1]], out: "lexicons")) { error in
            XCTAssertTrue("\(error)".contains("lexicon"), "\(error)")
        }
        let three = try partials(corpus, count: 3, tag: "-three")
        XCTAssertThrowsError(try corpus.merge([builtin[0], three[1]], out: "counts")) { error in
            XCTAssertTrue("\(error)".contains("different shard counts"), "\(error)")
        }
        // A registry with one more organization.
        try corpus.write("registry2.csv", String(decoding: try corpus.read("organizations.csv"), as: UTF8.self) + "newcomer,,other,,,,,,\n")
        XCTAssertThrowsError(try corpus.merge(builtin, out: "registry", registry: "registry2.csv")) { error in
            XCTAssertTrue("\(error)".contains("another registry"), "\(error)")
        }
        // A partial written by another version of the program.
        var partial = try PartialResult.read(corpus.path(builtin[1]))
        partial.version = "0.0.9"
        try partial.write(to: corpus.path("old.partial"))
        XCTAssertThrowsError(try corpus.merge([builtin[0], "old.partial"], out: "versions")) { error in
            XCTAssertTrue("\(error)".contains("earshot 0.0.9"), "\(error)")
        }
        // A damaged partial.
        var bytes = [UInt8](try corpus.read(builtin[0]))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: corpus.path("damaged.partial")))
        XCTAssertThrowsError(try corpus.merge(["damaged.partial", builtin[1]], out: "damaged")) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
        for out in ["lexicons", "counts", "registry", "versions", "damaged"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: corpus.path(out + "/organizations.csv")), out)
        }
    }

    func testARecordInAnotherShardsFileIsRefusedAtMerge() throws {
        let corpus = try OperationsCorpus(emptyNamed: #function)
        try StrayRecordCorpus.write(to: corpus)
        let alpha = Shard.hash("alpha"), beta = Shard.hash("beta")
        // Two shards where alpha and beta fall apart.
        let count = try XCTUnwrap((2...20).first { alpha % UInt64($0) != beta % UInt64($0) })
        var names: [String] = []
        for i in 0..<count {
            try corpus.report(out: "unused", shard: Shard(index: i, count: count), partial: "p\(i)")
            names.append("p\(i)")
        }
        XCTAssertThrowsError(try corpus.merge(names, out: "merged")) { error in
            XCTAssertTrue("\(error)".contains("holds a record of @beta"), "\(error)")
        }
        // Where they fall together, the merge is exact.
        let together = try XCTUnwrap((2...20).first { alpha % UInt64($0) == beta % UInt64($0) })
        names = []
        for i in 0..<together {
            try corpus.report(out: "unused", shard: Shard(index: i, count: together), partial: "q\(i)")
            names.append("q\(i)")
        }
        try corpus.merge(names, out: "merged")
        try corpus.report(out: "single")
        assertSameTables(try corpus.tables("single"), try corpus.tables("merged"), "stray record in one shard")
    }
}

enum Summary {
    /// summary.json without its `started` and `finished` lines.
    static func withoutTimes(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { !$0.contains("\"started\"") && !$0.contains("\"finished\"") }.joined(separator: "\n")
    }
}
