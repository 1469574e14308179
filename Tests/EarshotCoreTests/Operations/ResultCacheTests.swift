import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport

/// `--cache`: a rerun reads again only what changed, and writes the bytes a run without the
/// cache writes.
final class ResultCacheTests: XCTestCase {
    /// A plain-text export of one organization (not a collection).
    func ownFile(_ corpus: OperationsCorpus) throws -> String {
        try XCTUnwrap(corpus.exportFiles().first { !$0.hasPrefix("collections/") && $0.hasSuffix("tweets.csv") })
    }

    /// Drops the last line of a text file: a real change of content.
    func dropLastLine(_ corpus: OperationsCorpus, _ relative: String) throws {
        var lines = String(decoding: try corpus.read(relative), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        lines.removeLast()
        try corpus.write(relative, lines.joined(separator: "\n") + "\n")
    }

    func testRerunReusesEveryOrganizationAndWritesTheSameBytes() throws {
        let corpus = try OperationsCorpus()
        try corpus.report(out: "plain")
        let first = LogLines()
        try corpus.report(out: "cached1", cache: "cache", log: first)
        let second = LogLines()
        try corpus.report(out: "cached2", cache: "cache", log: second)

        let counts1 = try XCTUnwrap(first.cacheCounts, first.all.joined(separator: "\n"))
        XCTAssertEqual(counts1.unchanged, 0)
        XCTAssertGreaterThan(counts1.read, 3)
        let counts2 = try XCTUnwrap(second.cacheCounts)
        XCTAssertEqual(counts2.unchanged, counts1.read, "every organization comes from the cache")
        XCTAssertEqual(counts2.read, 0)
        XCTAssertTrue(second.all.contains { $0.contains("collections unchanged") && !$0.contains(" 0 of ") }, second.all.joined(separator: "\n"))
        let plain = try corpus.tables("plain")
        assertSameTables(plain, try corpus.tables("cached1"), "first cached run")
        assertSameTables(plain, try corpus.tables("cached2"), "run from the cache")
        XCTAssertEqual(try corpus.read("plain/index.html").count > 0, true)
    }

    func testKeptPagesEqualFreshlyRenderedOnes() throws {
        let corpus = try OperationsCorpus()
        try corpus.report(out: "plain")
        try corpus.report(out: "cold", cache: "cache")
        let pages = try FileManager.default.contentsOfDirectory(atPath: corpus.path("cache/pages"))
        XCTAssertGreaterThan(pages.count, 3)
        try corpus.report(out: "warm", cache: "cache")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: corpus.path("cache/pages")).sorted(), pages.sorted())
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path("plain/orgs")).sorted().map { "orgs/" + $0 } + ["index.html"]
        XCTAssertGreaterThan(names.count, 3)
        // The run's time is the one thing that differs between runs.
        let time = try NSRegularExpression(pattern: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
        func page(_ out: String, _ name: String) throws -> String {
            let text = String(decoding: try corpus.read(out + "/" + name), as: UTF8.self)
            XCTAssertFalse(text.contains(ResultCache.generatedAtPlaceholder), "\(out)/\(name)")
            return time.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "TIME")
        }
        for name in names {
            let plain = try page("plain", name)
            XCTAssertEqual(plain, try page("cold", name), "cold: \(name)")
            XCTAssertEqual(plain, try page("warm", name), "warm: \(name)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: corpus.path("warm/orgs")).count, names.count - 1)
    }

    func testAFileWithANewTimeButTheSameBytesIsStillUnchanged() throws {
        let corpus = try OperationsCorpus()
        try corpus.report(out: "first", cache: "cache")
        for file in corpus.exportFiles() { try corpus.touch("exports/" + file) }
        let log = LogLines()
        try corpus.report(out: "second", cache: "cache", log: log)
        XCTAssertEqual(log.cacheCounts?.read, 0, "the content hash still matches:\n\(log.all.joined(separator: "\n"))")
        assertSameTables(try corpus.tables("first"), try corpus.tables("second"), "touched files")
    }

    func testAChangedFileSendsOnlyItsOrganizationToBeReadAgain() throws {
        let corpus = try OperationsCorpus()
        try corpus.report(out: "before", cache: "cache")
        try dropLastLine(corpus, "exports/" + (try ownFile(corpus)))
        let log = LogLines()
        try corpus.report(out: "cached", cache: "cache", log: log)
        try corpus.report(out: "plain")
        XCTAssertEqual(log.cacheCounts?.read, 1, log.all.joined(separator: "\n"))
        assertSameTables(try corpus.tables("plain"), try corpus.tables("cached"), "one file changed")
        XCTAssertNotEqual(Summary.withoutTimes(try corpus.read("before/summary.json")), Summary.withoutTimes(try corpus.read("cached/summary.json")),
                          "the change shows")
    }

    func testAChangedCollectionSendsItsOrganizationsToBeReadAgain() throws {
        let corpus = try OperationsCorpus()
        let collection = try XCTUnwrap(corpus.exportFiles().first { $0.hasPrefix("collections/") && $0.hasSuffix(".csv") })
        let first = LogLines()
        try corpus.report(out: "before", cache: "cache", log: first)
        try dropLastLine(corpus, "exports/" + collection)
        let log = LogLines()
        try corpus.report(out: "cached", cache: "cache", log: log)
        try corpus.report(out: "plain")
        let counts = try XCTUnwrap(log.cacheCounts)
        XCTAssertGreaterThanOrEqual(counts.read, 1)
        XCTAssertGreaterThan(counts.unchanged, 0, "organizations without records in it are not read")
        assertSameTables(try corpus.tables("plain"), try corpus.tables("cached"), "collection changed")
    }

    func testAnotherLexiconSendsEveryOrganizationToBeReadAgain() throws {
        let corpus = try OperationsCorpus()
        let first = LogLines()
        try corpus.report(out: "before", cache: "cache", log: first)
        try corpus.write("lexicon.txt", "[action]\ndonate\nvisit\n[event]\nwebinar\n[recognition]\nthank you\n[solicitation]\nlet us know\n")
        let log = LogLines()
        try corpus.report(out: "cached", cache: "cache", lexicon: "lexicon.txt", log: log)
        try corpus.report(out: "plain", lexicon: "lexicon.txt")
        XCTAssertEqual(log.cacheCounts?.unchanged, 0)
        XCTAssertEqual(log.cacheCounts?.read, first.cacheCounts?.read)
        assertSameTables(try corpus.tables("plain"), try corpus.tables("cached"), "other lexicon")
    }

    func testAChangedRegistryRowSendsThatOrganizationToBeReadAgain() throws {
        let corpus = try OperationsCorpus()
        try corpus.report(out: "before", cache: "cache")
        // A new alias for the first organization with posts: its self-mentions may change.
        var lines = String(decoding: try corpus.read("organizations.csv"), as: UTF8.self).split(separator: "\n").map(String.init)
        let handles = Set(corpus.exportFiles().compactMap { $0.split(separator: "/").first.map(String.init) })
        let row = try XCTUnwrap(lines.indices.dropFirst().first { i in
            handles.contains(lines[i].split(separator: ",").first.map { $0.lowercased() } ?? "")
        })
        var fields = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[1] = "Renamed Organization"
        lines[row] = fields.joined(separator: ",")
        try corpus.write("registry2.csv", lines.joined(separator: "\n") + "\n")
        let log = LogLines()
        try corpus.report(out: "cached", cache: "cache", registry: "registry2.csv", log: log)
        try corpus.report(out: "plain", registry: "registry2.csv")
        XCTAssertEqual(log.cacheCounts?.read, 1, log.all.joined(separator: "\n"))
        assertSameTables(try corpus.tables("plain"), try corpus.tables("cached"), "registry row changed")
    }

    func testADamagedOrForeignEntryIsIgnoredWithAWarningAndReplaced() throws {
        let corpus = try OperationsCorpus()
        try corpus.report(out: "before", cache: "cache")
        let entries = try FileManager.default.contentsOfDirectory(atPath: corpus.path("cache/orgs")).sorted()
        XCTAssertGreaterThan(entries.count, 2)
        // One entry with a byte flipped, one replaced by another kind of Earshot file, one cut short.
        var damaged = [UInt8](try corpus.read("cache/orgs/" + entries[0]))
        damaged[damaged.count / 2] ^= 0x01
        try Data(damaged).write(to: URL(fileURLWithPath: corpus.path("cache/orgs/" + entries[0])))
        let collection = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: corpus.path("cache/collections")).first)
        try corpus.read("cache/collections/" + collection).write(to: URL(fileURLWithPath: corpus.path("cache/orgs/" + entries[1])))
        let whole = try corpus.read("cache/orgs/" + entries[2])
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: corpus.path("cache/orgs/" + entries[2])))

        let log = LogLines()
        try corpus.report(out: "cached", cache: "cache", log: log)
        let warnings = log.all.filter { $0.hasPrefix("cache entry ") && $0.contains("ignored") }
        XCTAssertEqual(warnings.count, 3, log.all.joined(separator: "\n"))
        XCTAssertTrue(warnings.contains { $0.contains("checksum") }, warnings.joined(separator: "\n"))
        XCTAssertTrue(warnings.contains { $0.contains("holds a `collection`, not a `organization`") }, warnings.joined(separator: "\n"))
        XCTAssertEqual(log.cacheCounts?.read, 3)
        assertSameTables(try corpus.tables("before"), try corpus.tables("cached"), "damaged entries")
        let again = LogLines()
        try corpus.report(out: "again", cache: "cache", log: again)
        XCTAssertEqual(again.cacheCounts?.read, 0, "the damaged entries were replaced")
    }

    func testAnOrganizationWhoseRecordsCrossIntoAnothersFileIsNeverCached() throws {
        let corpus = try OperationsCorpus(emptyNamed: #function)
        try StrayRecordCorpus.write(to: corpus)
        let first = LogLines()
        try corpus.report(out: "first", cache: "cache", log: first)
        let second = LogLines()
        try corpus.report(out: "second", cache: "cache", log: second)
        try corpus.report(out: "plain")
        // alpha's file holds a record of beta: both are read every time; gamma comes from the cache.
        XCTAssertEqual(second.cacheCounts?.read, 2, second.all.joined(separator: "\n"))
        XCTAssertEqual(second.cacheCounts?.unchanged, 1)
        assertSameTables(try corpus.tables("plain"), try corpus.tables("second"), "stray record")
        let organizations = String(decoding: try corpus.read("plain/organizations.csv"), as: UTF8.self)
        XCTAssertTrue(organizations.contains("\nbeta,Beta,nonprofit,,3,"), "beta has its stray post:\n\(organizations)")
    }
}

/// Three organizations with analytics exports; alpha's export also holds one post of beta
/// (the permalink names the account per row), so beta's result depends on alpha's file.
enum StrayRecordCorpus {
    static let header = "\"Tweet id\",\"Tweet permalink\",\"Tweet text\",\"time\",\"impressions\",\"engagements\",\"retweets\",\"replies\",\"favorites\"\n"

    static func row(_ handle: String, _ id: Int, _ text: String, _ day: Int) -> String {
        "\"\(id)\",\"https://twitter.com/\(handle)/status/\(id)\",\"\(text)\",\"2015-03-\(day < 10 ? "0" : "")\(day) 10:00 +0000\",\"100\",\"5\",\"1\",\"0\",\"3\"\n"
    }

    static func write(to corpus: OperationsCorpus) throws {
        try corpus.write("organizations.csv", "handle,name,sector\nalpha,Alpha,public\nbeta,Beta,nonprofit\ngamma,Gamma,commercial\n")
        try corpus.write("exports/alpha/tweet_activity_metrics_alpha_20150301_20150331_en.csv",
                         header + row("alpha", 1001, "Donate today at our site", 2) + row("alpha", 1002, "Thank you volunteers", 3)
                             + row("beta", 2003, "A post of beta in alpha's export", 4))
        try corpus.write("exports/beta/tweet_activity_metrics_beta_20150301_20150331_en.csv",
                         header + row("beta", 2001, "Our annual report is out", 5) + row("beta", 2002, "What do you think?", 6))
        try corpus.write("exports/gamma/tweet_activity_metrics_gamma_20150301_20150331_en.csv",
                         header + row("gamma", 3001, "New product launch", 7) + row("gamma", 3002, "Sign up for the webinar on Monday", 8))
    }
}
