import Foundation
import XCTest
@testable import EarshotCore
@testable import EarshotSample

/// The generated corpus as a whole: determinism, layout, headers, well-formedness and the
/// deliberate bad records. One corpus is written once and shared by the checks.
final class SampleGeneratorTests: XCTestCase {
    /// 7 registry organizations (one non-adopter) and one unregistered, 250 posts each:
    /// enough for every format and one bad record of each kind.
    static let options = SampleOptions(orgs: 7, postsPerOrg: 250, seed: 42)
    static let corpus = GeneratedCorpus(options: options, folder: "shared")

    override class func tearDown() {
        corpus.remove()
        super.tearDown()
    }

    override func setUpWithError() throws { try Self.corpus.check() }

    var root: String { Self.corpus.root }
    var stats: SampleStats { Self.corpus.stats }
    var files: [String] { SampleTestFiles.tree(root) }

    // MARK: Determinism

    func testSameSeedWritesIdenticalBytes() throws {
        let again = SampleTestFiles.temporaryFolder("again")
        defer { try? FileManager.default.removeItem(atPath: again) }
        let statsAgain = try SampleGenerator(options: Self.options).write(to: again)
        XCTAssertEqual(SampleTestFiles.tree(again), files)
        XCTAssertEqual(SampleTestFiles.hashTree(again), SampleTestFiles.hashTree(root))
        XCTAssertEqual(statsAgain, stats)
    }

    func testDifferentSeedDiffers() throws {
        let other = SampleTestFiles.temporaryFolder("other")
        defer { try? FileManager.default.removeItem(atPath: other) }
        var options = Self.options
        options.seed = 43
        _ = try SampleGenerator(options: options).write(to: other)
        XCTAssertNotEqual(SampleTestFiles.hashTree(other), SampleTestFiles.hashTree(root))
        XCTAssertNotEqual(SampleTestFiles.data(other, "organizations.csv"), SampleTestFiles.data(root, "organizations.csv"))
    }

    // MARK: Layout and registry

    func testRegistryParsesWithTheRegistryColumns() throws {
        let csv = SampleTestCSV(SampleTestFiles.data(root, "organizations.csv"))
        XCTAssertEqual(csv.header, ["handle", "name", "sector", "subsector", "country", "domains", "hashtags", "aliases", "followers",
                                    "accounts"])
        XCTAssertEqual(csv.rows.count, 7)
        XCTAssertEqual(stats.registryOrganizations, 7)
        var handles: Set<String> = []
        var sectors: Set<String> = []
        for row in csv.rows {
            XCTAssertEqual(row.fields.count, 10, "line \(row.line)")
            let handle = Handle.normalize(row.fields[0])
            XCTAssertTrue(handles.insert(handle).inserted, "duplicate handle \(handle)")
            XCTAssertTrue(handle.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && handle.count <= 15, handle)
            XCTAssertFalse(row.fields[1].isEmpty)
            sectors.insert(row.fields[2])
            XCTAssertFalse(row.fields[5].isEmpty, "every organization has a domain")
            if !row.fields[8].isEmpty { XCTAssertNotNil(Int(row.fields[8])) }
            for account in RegistryLoader.splitList(row.fields[9]) { XCTAssertNotNil(Registry.accountKey(account), account) }
        }
        XCTAssertEqual(sectors, ["public", "nonprofit", "commercial", "other"])
        // The non-adopter is registered and has no exports; the unregistered org posts in a collection.
        XCTAssertEqual(stats.nonAdopters.count, 1)
        let nonAdopter = try XCTUnwrap(stats.nonAdopters.first)
        XCTAssertTrue(handles.contains(nonAdopter))
        XCTAssertFalse(files.contains { $0.hasPrefix("exports/\(nonAdopter)/") })
        XCTAssertEqual(stats.unregistered.count, 1)
        let unregistered = try XCTUnwrap(stats.unregistered.first)
        XCTAssertFalse(handles.contains(unregistered))
        let collections = files.filter { $0.hasPrefix("exports/collections/twarc") }
        XCTAssertTrue(collections.contains { path in
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            let column = csv.header.firstIndex(of: path.contains("twarc2") ? "author.username" : "user_screen_name") ?? 0
            return csv.rows.contains { $0.fields[column].lowercased() == unregistered }
        })
        XCTAssertEqual(stats.activeOrganizations, 6)
    }

    func testEveryFormatIsWrittenAndTheStatsAddUp() {
        for format in SampleGenerator.supportedFormats {
            XCTAssertGreaterThan(stats.records[format] ?? 0, 0, "no \(format) records")
        }
        XCTAssertEqual(stats.files, files.count)
        var bytes: Int64 = 0
        for path in files { bytes += Int64(SampleTestFiles.data(root, path).count) }
        XCTAssertEqual(stats.bytesOnDisk, bytes)
        // Some files are gzip (collections always), by content as well as by name.
        let compressed = files.filter { $0.hasSuffix(".gz") }
        XCTAssertTrue(compressed.contains { $0.hasPrefix("exports/collections/twarc2-") })
        for path in compressed { XCTAssertEqual(Array(SampleTestFiles.data(root, path).prefix(2)), [0x1F, 0x8B], path) }
        var uncompressed: Int64 = 0
        for path in files { uncompressed += SampleTestFiles.uncompressedSize(root, path) }
        XCTAssertEqual(stats.bytesUncompressed, uncompressed)
        XCTAssertLessThan(stats.bytesOnDisk, stats.bytesUncompressed)
        // Every active organization's posts are in (with duplicates across overlapping exports),
        // and the Facebook copies of one organization's posts.
        XCTAssertGreaterThan(stats.crossPosts, 0)
        XCTAssertGreaterThan(stats.posts - stats.crossPosts, 6 * 250 * 8 / 10)
        XCTAssertLessThanOrEqual(stats.posts - stats.crossPosts, 6 * 250 + 250 / 3)
        XCTAssertGreaterThan(stats.totalRecords, stats.posts)
    }

    // MARK: CSV files

    func testEveryCSVHasConsistentHeadersAndRows() throws {
        let shortRows = Set(stats.deliberateRejects.filter { $0.reason == "wrong column count" }.map { "\($0.file):\($0.line)" })
        var checked = 0
        for path in files where SampleTestFiles.plain(path).hasSuffix(".csv") && path.hasPrefix("exports/") {
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            let header = csv.header
            let name = (SampleTestFiles.plain(path) as NSString).lastPathComponent
            let expected: Int
            var raggedURLs = false
            if name.hasPrefix("tweet_activity_metrics_") {
                expected = 40
                XCTAssertEqual(Array(header.prefix(6)), ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements"])
                let likes = header[9]
                // The file name's end date decides the column name (`favorites` before November 2015).
                let end = name.split(separator: "_").dropLast().last.map(String.init) ?? ""
                XCTAssertEqual(likes, end < "20151101" ? "favorites" : "likes", path)
                XCTAssertTrue(header[22...].allSatisfy { $0.hasPrefix("promoted ") })
            } else if name.hasPrefix("account_analytics_content_") {
                expected = 17
                XCTAssertTrue(csv.hadBOM, "X analytics exports start with a byte-order mark")
                XCTAssertEqual(Array(header.prefix(4)), ["Post id", "Date", "Post text", "Post Link"])
            } else if name.hasPrefix("twarc2-") {
                expected = 84
                XCTAssertEqual(header.filter { $0 == "id" }.count, 1)
                XCTAssertTrue(header.contains("author.username") && header.contains("referenced_tweets.quoted.id"))
            } else if name.hasPrefix("twarc1-") {
                expected = 37
                XCTAssertEqual(Array(header.prefix(7)), ["id", "tweet_url", "created_at", "parsed_created_at", "user_screen_name", "text", "tweet_type"])
            } else if path.contains("/sprout/") {
                expected = 23
                XCTAssertEqual(header, SampleToolCSVWriter.sproutHeader)
                XCTAssertTrue(csv.hadBOM && csv.crlf, "Sprout Social writes a BOM and CRLF, for Excel")
            } else if path.contains("/facebook/") {
                expected = 28
                XCTAssertEqual(header, SampleToolCSVWriter.metaHeader)
            } else if header.count == 9 {
                expected = 9
                raggedURLs = true
                XCTAssertEqual(header.last, "expanded_urls")
                XCTAssertEqual(header[3], "retweeted_status_id")
            } else {
                expected = 10
                XCTAssertEqual(header, SampleCSVWriter.layoutBHeader)
            }
            XCTAssertEqual(header.count, expected, path)
            for row in csv.rows {
                if raggedURLs {
                    XCTAssertGreaterThanOrEqual(row.fields.count, expected - 1, "\(path):\(row.line)")
                } else if shortRows.contains("\(path):\(row.line)") {
                    XCTAssertEqual(row.fields.count, 5)
                } else {
                    XCTAssertEqual(row.fields.count, expected, "\(path):\(row.line)")
                }
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 10)
    }

    func testLayoutAIsRaggedAndLayoutBDuplicatesURLs() {
        var short = 0, long = 0, duplicated = 0
        for path in files where path.contains("twitter-archive-") {
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            for row in csv.rows {
                if csv.header.count == 9 {
                    if row.fields.count == 8 { short += 1 }
                    if row.fields.count > 9 { long += 1 }
                } else if row.fields.count == 10 {
                    let urls = row.fields[9].split(separator: ",")
                    if urls.count >= 2 && urls[0] == urls[1] { duplicated += 1 }
                }
            }
        }
        XCTAssertGreaterThan(short, 0, "layout A leaves expanded_urls off when empty")
        XCTAssertGreaterThan(long, 0, "layout A puts extra URLs in extra fields")
        XCTAssertGreaterThan(duplicated, 0, "layout B often writes each URL twice")
    }

    func testAnalyticsExportsOverlapAndMirrorTheArchive() {
        var seen: [String: Int] = [:]
        for path in files where path.contains("tweet_activity_metrics_") {
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            for row in csv.rows { seen[row.fields[0], default: 0] += 1 }
            for row in csv.rows {
                // Float strings, and `-` in every promoted column of an unpromoted post.
                XCTAssertTrue(row.fields[4].hasSuffix(".0"), row.fields[4])
                if row.fields[22] == "-" { XCTAssertTrue(row.fields[22...].allSatisfy { $0 == "-" }) }
            }
        }
        XCTAssertTrue(seen.values.contains { $0 >= 2 }, "some Tweet id is in two overlapping exports")
        // The same post in the archive and in analytics, with the same decoded text.
        var archiveTexts: [String: String] = [:]
        for path in files where path.contains("twitter-archive-") {
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            let text = csv.header.firstIndex(of: "text") ?? 7
            for row in csv.rows where row.fields.count > text { archiveTexts[row.fields[0]] = row.fields[text] }
        }
        var both = 0
        for path in files where path.contains("tweet_activity_metrics_") {
            for row in SampleTestCSV(SampleTestFiles.content(root, path)).rows {
                guard let archived = archiveTexts[row.fields[0]] else { continue }
                XCTAssertEqual(SampleTestFiles.unescapeHTML(archived), SampleTestFiles.unescapeHTML(row.fields[2]))
                both += 1
            }
        }
        XCTAssertGreaterThan(both, 0)
    }

    func testTwarc2WritesNewlinesAsBackslashNAndListsAsJSON() {
        var jsonLists = 0
        for path in files where path.contains("twarc2-") {
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            let text = csv.header.firstIndex(of: "text")!
            let mentions = csv.header.firstIndex(of: "entities.mentions")!
            for row in csv.rows {
                XCTAssertFalse(row.fields[text].contains("\n"), "raw newline in twarc2 text")
                if !row.fields[mentions].isEmpty {
                    XCTAssertTrue(row.fields[mentions].hasPrefix("[\"@") && row.fields[mentions].hasSuffix("\"]"))
                    jsonLists += 1
                }
            }
        }
        XCTAssertGreaterThan(jsonLists, 0)
    }

    func testRealExportQuirksAppear() {
        var multiline = 0, curly = 0, ampersand = 0, numeric = 0, crlf = 0, bom = 0
        for path in files where SampleTestFiles.plain(path).hasSuffix(".csv") && path.hasPrefix("exports/") {
            let data = SampleTestFiles.content(root, path)
            let csv = SampleTestCSV(data)
            if csv.crlf { crlf += 1 }
            if csv.hadBOM { bom += 1 }
            let records = csv.records
            for (a, b) in zip(records, records.dropFirst()) where b.line - a.line > 1 { multiline += 1 }
            let text = String(decoding: data, as: UTF8.self)
            if text.contains("\u{2019}") { curly += 1 }
            if path.contains("twitter-archive-") {
                if text.contains("&amp;") { ampersand += 1 }
                if text.range(of: "&#[0-9]+;", options: .regularExpression) != nil { numeric += 1 }
            }
        }
        XCTAssertGreaterThan(multiline, 0, "quoted newlines inside texts")
        XCTAssertGreaterThan(curly, 0, "curly apostrophes")
        XCTAssertGreaterThan(ampersand, 0, "&amp; in archive texts")
        XCTAssertGreaterThan(numeric, 0, "numeric character references in an archive")
        XCTAssertGreaterThan(crlf, 0, "CRLF line ends")
        XCTAssertGreaterThan(bom, 0, "byte-order marks")
    }

    // MARK: XML files

    func testXMLFilesAreWellFormed() {
        var roots: [String: Int] = [:]
        for path in files where [".xml", ".rss", ".atom"].contains(where: { SampleTestFiles.plain(path).hasSuffix($0) }) {
            let result = SampleTestXMLCheck.check(SampleTestFiles.content(root, path))
            XCTAssertTrue(result.ok, "\(path): \(result.error ?? "")")
            roots[result.root ?? "", default: 0] += 1
            switch (SampleTestFiles.plain(path) as NSString).pathExtension {
            case "xml":
                XCTAssertEqual(result.root, "statuses")
                XCTAssertGreaterThan(result.counts["status"] ?? 0, 0)
            case "rss":
                XCTAssertEqual(result.root, "rss")
                XCTAssertGreaterThan(result.counts["item"] ?? 0, 0)
            default:
                XCTAssertEqual(result.root, "feed")
                XCTAssertGreaterThan(result.counts["entry"] ?? 0, 0)
            }
        }
        XCTAssertEqual(Set(roots.keys), ["statuses", "rss", "feed"])
    }

    func testAPIXMLHasNestedRetweetsAndNumericReferences() {
        var nested = 0, numeric = 0, emptyCount = 0
        for path in files where SampleTestFiles.plain(path).hasSuffix(".xml") {
            let text = String(decoding: SampleTestFiles.content(root, path), as: UTF8.self)
            nested += text.components(separatedBy: "<retweeted_status>").count - 1
            numeric += text.components(separatedBy: "&#").count - 1
            emptyCount += text.components(separatedBy: "<retweet_count></retweet_count>").count - 1
            XCTAssertTrue(text.utf8.allSatisfy { $0 < 0x80 }, "\(path): the API wrote ASCII only")
        }
        XCTAssertGreaterThan(nested, 0)
        XCTAssertGreaterThan(numeric, 0)
        XCTAssertGreaterThan(emptyCount, 0)
    }

    // MARK: Deliberate bad records

    func testDeliberateBadRecordsAreExactlyTheOnesListed() {
        var rejects: Set<String> = []
        var warnings: Set<String> = []
        for path in files where SampleTestFiles.plain(path).hasSuffix(".csv") && path.hasPrefix("exports/") {
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            let header = csv.header
            if let timestamp = header.firstIndex(of: "timestamp") {
                for row in csv.rows {
                    if row.fields.count < header.count - 1 {
                        rejects.insert("\(path):\(row.line): wrong column count")
                    } else if row.fields[timestamp].range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$"#,
                                                          options: .regularExpression) == nil {
                        rejects.insert("\(path):\(row.line): bad timestamp")
                    }
                }
            } else if header.contains("Tweet permalink") {
                for row in csv.rows where row.fields.contains("n/a") {
                    warnings.insert("\(path):\(row.line): bad counter")
                }
            } else if header.contains("author.username"), let created = header.firstIndex(of: "created_at") {
                for row in csv.rows where row.fields[created].isEmpty {
                    rejects.insert("\(path):\(row.line): bad timestamp")
                }
            } else if let time = header.firstIndex(of: path.contains("/sprout/") ? "Date" : "Publish time") {
                for row in csv.rows where row.fields[time].isEmpty {
                    rejects.insert("\(path):\(row.line): bad timestamp")
                }
            }
        }
        // Tier 2 archives: a post whose `created_at` is `undefined` (a record starts at its `{`
        // line), an activity published at `Invalid Date` (the outbox is one line).
        for path in files where path.hasSuffix(".zip") {
            for (entry, data) in (try? SampleTestFiles.zipEntries(root, path)) ?? [] {
                let text = String(decoding: data, as: UTF8.self)
                if entry.name.contains("tweets") {
                    var searchFrom = text.startIndex
                    while let bad = text.range(of: "\"created_at\" : \"undefined\"", range: searchFrom..<text.endIndex) {
                        let start = text.range(of: "{\n  \"tweet\"", options: .backwards, range: text.startIndex..<bad.lowerBound)
                        let line = 1 + text[..<(start?.lowerBound ?? bad.lowerBound)].filter { $0 == "\n" }.count
                        rejects.insert("\(path)/\(entry.name):\(line): bad timestamp")
                        searchFrom = bad.upperBound
                    }
                } else if entry.name == "outbox.json" {
                    let bad = text.components(separatedBy: "/activity\",\"type\":\"").dropFirst()
                        .filter { $0.prefix(400).contains("\"published\":\"Invalid Date\"") }.count
                    if bad > 0 { rejects.insert("\(path)/outbox.json:1: bad timestamp") }
                    XCTAssertLessThanOrEqual(bad, 1)
                }
            }
        }
        XCTAssertEqual(rejects, Set(stats.deliberateRejects.map(\.description)))
        XCTAssertEqual(warnings, Set(stats.deliberateWarnings.map(\.description)))
        XCTAssertEqual(stats.deliberateRejects.count, rejects.count)
        // One of each kind in a corpus this size, and far under 1% of the records.
        XCTAssertEqual(Set(stats.deliberateRejects.map(\.reason)), ["bad timestamp", "wrong column count"])
        XCTAssertEqual(stats.deliberateWarnings.count, 1)
        XCTAssertLessThan(Double(rejects.count), Double(stats.totalRecords) * 0.01)
    }

    func testSmallCorporaHaveNoDeliberateBadRecords() throws {
        let small = SampleTestFiles.temporaryFolder("small")
        defer { try? FileManager.default.removeItem(atPath: small) }
        let stats = try SampleGenerator(options: SampleOptions(orgs: 3, postsPerOrg: 40, seed: 1)).write(to: small)
        XCTAssertTrue(stats.deliberateRejects.isEmpty)
        XCTAssertTrue(stats.deliberateWarnings.isEmpty)
        XCTAssertEqual(stats.nonAdopters, [], "no non-adopter under 5 organizations")
        XCTAssertEqual(stats.unregistered.count, 1)
    }
}
