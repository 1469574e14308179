import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport
@testable import EarshotSample

/// The Tier 2 files of the shared corpus (SampleGeneratorTests): zip archives, their contents,
/// the management-tool CSVs, and a report over everything.
extension SampleGeneratorTests {
    var zips: [String] { files.filter { $0.hasSuffix(".zip") } }

    func testTier2ArchivesAreZipsTheProjectsReaderAndUnzipAccept() throws {
        XCTAssertTrue(zips.contains { ($0 as NSString).lastPathComponent.hasPrefix("twitter-") })
        XCTAssertTrue(zips.contains { ($0 as NSString).lastPathComponent.hasPrefix("archive-") })
        var methods: Set<UInt16> = []
        for path in zips {
            XCTAssertTrue(ZipArchive.looksLikeZip(path: root + "/" + path), path)
            let entries = try SampleTestFiles.zipEntries(root, path)
            XCTAssertFalse(entries.isEmpty, path)
            for (entry, data) in entries {
                XCTAssertNil(entry.problem, "\(path)/\(entry.name)")
                XCTAssertEqual(UInt64(data.count), entry.uncompressedSize)
                methods.insert(entry.method)
            }
            if let passed = SampleTestFiles.unzipTest(root + "/" + path) { XCTAssertTrue(passed, "unzip -t \(path)") }
        }
        XCTAssertEqual(methods, [0, 8], "small entries stored, the rest deflated")
    }

    func testZipHeadersCarryTheExportDateNotTheClock() throws {
        for path in zips {
            let name = (path as NSString).lastPathComponent
            let bytes = [UInt8](SampleTestFiles.data(root, path))
            // The first local header's DOS date: the date in the archive's name.
            let date = Int(bytes[12]) | Int(bytes[13]) << 8
            let y = 1980 + (date >> 9), m = (date >> 5) & 0xF, d = date & 0x1F
            let expected: String
            if name.hasPrefix("twitter-") {
                expected = String(name.dropFirst(8).prefix(10))
            } else {
                let stamp = name.dropFirst(8).prefix(8)
                expected = stamp.prefix(4) + "-" + stamp.dropFirst(4).prefix(2) + "-" + stamp.suffix(2)
            }
            XCTAssertEqual(String(format: "%04d-%02d-%02d", y, m, d), expected, path)
        }
    }

    func testModernArchiveNamesTheAccountAndWritesNumbersAsStrings() throws {
        let archive = try XCTUnwrap(zips.first { ($0 as NSString).lastPathComponent.hasPrefix("twitter-") })
        let handle = archive.split(separator: "/")[1]
        let account = try XCTUnwrap(SampleTestFiles.zipEntry(root, archive, "data/account.js"))
        let accounts = try XCTUnwrap(SampleTestFiles.ytdJSON(account) as? [[String: Any]])
        let username = try XCTUnwrap((accounts.first?["account"] as? [String: Any])?["username"] as? String)
        XCTAssertEqual(username.lowercased(), String(handle))
        let tweets = try XCTUnwrap(SampleTestFiles.zipEntry(root, archive, "data/tweets.js"))
        XCTAssertTrue(tweets.starts(with: Array("window.YTD.tweets.part0 = [ {".utf8)))
        let elements = try XCTUnwrap(SampleTestFiles.ytdJSON(tweets) as? [[String: Any]])
        XCTAssertFalse(elements.isEmpty)
        for element in elements {
            let tweet = try XCTUnwrap(element["tweet"] as? [String: Any])
            for key in ["id_str", "id", "favorite_count", "retweet_count"] {
                XCTAssertTrue(tweet[key] is String, "\(key) is a JSON string")
            }
            if let text = tweet["full_text"] as? String, text.hasPrefix("RT @") {
                XCTAssertEqual(tweet["favorite_count"] as? String, "0")
                XCTAssertEqual(tweet["retweet_count"] as? String, "0")
            }
        }
        let manifest = try XCTUnwrap(SampleTestFiles.zipEntry(root, archive, "data/manifest.js"))
        let info = try XCTUnwrap(SampleTestFiles.ytdJSON(manifest) as? [String: Any])
        XCTAssertEqual((info["userInfo"] as? [String: Any])?["userName"] as? String, username)
    }

    func testMastodonArchiveHasTheKnownDefects() throws {
        let archive = try XCTUnwrap(zips.first { ($0 as NSString).lastPathComponent.hasPrefix("archive-") })
        let outbox = String(decoding: try XCTUnwrap(SampleTestFiles.zipEntry(root, archive, "outbox.json")), as: UTF8.self)
        XCTAssertTrue(outbox.contains("\"type\":\"OrderedCollection\""))
        XCTAssertTrue(outbox.contains("\"orderedItems\":[],\"orderedItems\":[{"), "the duplicate key, empty first")
        XCTAssertTrue(outbox.contains("\\u003cp\\u003e"), "HTML escaped as Rails writes JSON")
        let items = outbox.components(separatedBy: "/activity\",\"type\":\"").count - 1
        let declared = try XCTUnwrap(outbox.range(of: #"totalItems":\d+"#, options: .regularExpression))
        XCTAssertNotEqual(Int(outbox[declared].dropFirst(12)), items, "totalItems does not match")
        let actor = try XCTUnwrap(SampleTestFiles.zipEntry(root, archive, "actor.json"))
        let person = try XCTUnwrap(try JSONSerialization.jsonObject(with: actor) as? [String: Any])
        XCTAssertEqual((person["preferredUsername"] as? String)?.lowercased(), String(archive.split(separator: "/")[1]))
    }

    func testManagementToolExportsAreLocalTimesWithSeparators() throws {
        let sprout = files.filter { $0.contains("/sprout/") }
        let meta = files.filter { $0.contains("/facebook/") }
        XCTAssertFalse(sprout.isEmpty)
        XCTAssertFalse(meta.isEmpty)
        let sproutMap = try HeaderMap.load(path: SampleTestFiles.mapsFolder + "/sprout-social.yaml")
        var checked = 0
        for path in sprout {
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            let date = try XCTUnwrap(csv.header.firstIndex(of: "Date")), id = try XCTUnwrap(csv.header.firstIndex(of: "Post ID"))
            for row in csv.rows where !row.fields[date].isEmpty {
                XCTAssertNotNil(row.fields[date].range(of: #"^\d\d/\d\d/\d{4} \d{1,2}:\d\d [ap]m$"#, options: .regularExpression))
                // The map's zone turns the local time back into the post's time (its snowflake
                // id's), to the minute; the hour that occurs twice in autumn is taken the first time.
                let read = try XCTUnwrap(sproutMap.time.parse(row.fields[date]), row.fields[date])
                let id64 = try XCTUnwrap(UInt64(row.fields[id]))
                let posted = Int64((id64 >> 22) + 1_288_834_974_657) / 1000
                let difference = posted - read
                XCTAssertTrue((0..<60).contains(difference) || (3600..<3660).contains(difference), "\(path):\(row.line)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 5)
        var grouped = 0
        for path in meta {
            let csv = SampleTestCSV(SampleTestFiles.content(root, path))
            let time = try XCTUnwrap(csv.header.firstIndex(of: "Publish time"))
            for row in csv.rows where !row.fields[time].isEmpty {
                XCTAssertNotNil(row.fields[time].range(of: #"^\d\d/\d\d/\d{4} \d\d:\d\d$"#, options: .regularExpression))
                XCTAssertNotNil(row.fields[0].range(of: #"^\d{15}_\d{15}$"#, options: .regularExpression))
            }
            grouped += csv.rows.filter { $0.fields.contains { $0.range(of: #"^\d{1,3}(,\d{3})+$"#, options: .regularExpression) != nil } }.count
        }
        for path in sprout {
            grouped += SampleTestCSV(SampleTestFiles.content(root, path)).rows
                .filter { $0.fields.contains { $0.range(of: #"^\d{1,3}(,\d{3})+$"#, options: .regularExpression) != nil } }.count
        }
        XCTAssertGreaterThan(grouped, 0, "thousands separators")
    }

    /// Records counted from the files themselves (independently of the project's readers).
    func testTier2RecordCountsMatchTheStats() throws {
        var tweets = 0, activities = 0, mapped = 0, tweetsFiles = 0
        for path in zips {
            for (entry, data) in try SampleTestFiles.zipEntries(root, path) {
                if ArchiveFileNames.isTweetsPart((entry.name as NSString).lastPathComponent) {
                    tweets += (SampleTestFiles.ytdJSON(data) as? [Any])?.count ?? -1_000_000
                    tweetsFiles += 1
                } else if entry.name == "outbox.json" {
                    activities += String(decoding: data, as: UTF8.self).components(separatedBy: "/activity\",\"type\":\"").count - 1
                }
            }
        }
        for path in files where path.contains("/sprout/") || path.contains("/facebook/") {
            mapped += SampleTestCSV(SampleTestFiles.content(root, path)).rows.count
        }
        XCTAssertEqual(stats.records[.tweetsJS], tweets)
        XCTAssertEqual(stats.filesPerFormat[.tweetsJS], tweetsFiles)
        XCTAssertEqual(stats.records[.mastodon], activities)
        XCTAssertEqual(stats.records[.mappedCSV], mapped)
        XCTAssertGreaterThan(tweets, 0)
        XCTAssertGreaterThan(activities, 0)
    }

    /// The whole corpus through the report, with the shipped maps: every record is a post, a
    /// duplicate or one of the deliberate rejects, and the posts are the ones the stats count.
    func testReportReadsEveryFileWithOnlyTheDeliberateRejects() throws {
        let out = SampleTestFiles.temporaryFolder("report")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let maps = SampleGenerator.headerMapFiles.map { SampleTestFiles.mapsFolder + "/" + $0 }
        let options = ReportOptions(inputs: [root + "/exports"], registryPath: root + "/organizations.csv", outputPath: out,
                                    threads: 2, headerMapPaths: maps)
        let summary = try ReportJob(options: options).run(logger: LogLines().logger)
        XCTAssertEqual(summary.records, stats.totalRecords)
        XCTAssertEqual(summary.posts, stats.posts)
        XCTAssertEqual(summary.rejects, stats.deliberateRejects.count)
        XCTAssertEqual(summary.warnings, stats.deliberateWarnings.count)
        let rejects = SampleTestCSV(try XCTUnwrap(FileManager.default.contents(atPath: out + "/rejects.csv")))
        let found = Set(rejects.rows.map { "exports/\($0.fields[0]):\($0.fields[1]): \($0.fields[2].split(separator: ":")[0])" })
        XCTAssertEqual(found, Set(stats.deliberateRejects.map(\.description)))
        XCTAssertTrue(stats.deliberateRejects.contains { $0.format == .tweetsJS })
        XCTAssertTrue(stats.deliberateRejects.contains { $0.format == .mastodon })
        XCTAssertTrue(stats.deliberateRejects.contains { $0.format == .mappedCSV })
    }
}

/// Tier 2 parts on their own: the zip writer, Zip64, time zones, and corpora of one Tier 2 format.
final class SampleTier2Tests: XCTestCase {
    func testZipWriterStoresAndDeflatesAndTheReaderChecksBoth() throws {
        let folder = SampleTestFiles.temporaryFolder("zip")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for zip64 in [false, true] {
            let path = folder + (zip64 ? "/b.zip" : "/a.zip")
            let zip = try SampleZipWriter(path: path, modified: SampleCalendar.seconds(year: 2023, month: 3, day: 1, hour: 10, minute: 20, second: 31),
                                          forceZip64: zip64)
            try zip.addEntry("small.txt", Array("hello\n".utf8), deflate: false)
            let sink = try zip.beginEntry("data/big.txt", deflate: true, large: true)
            let line = Array("the same line, again and again\n".utf8)
            for _ in 0..<5000 { try line.withUnsafeBytes { try sink.write($0) } }
            try sink.close()
            try zip.close()
            let entries = try SampleTestFiles.zipEntries(folder, (path as NSString).lastPathComponent)
            XCTAssertEqual(entries.map(\.entry.name), ["small.txt", "data/big.txt"])
            XCTAssertEqual(entries.map(\.entry.method), [0, 8])
            XCTAssertEqual(String(decoding: entries[0].data, as: UTF8.self), "hello\n")
            XCTAssertEqual(entries[1].data.count, 5000 * line.count)
            XCTAssertLessThan(entries[1].entry.compressedSize, 2000)
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            // 10:20:31 is 10 << 11 | 20 << 5 | 15; 2023-03-01 is 43 << 9 | 3 << 5 | 1.
            XCTAssertEqual(Array(bytes[10..<14]), [0x8F, 0x52, 0x61, 0x56])
            let eocd = Array(bytes.suffix(22))
            XCTAssertEqual(Array(eocd.prefix(4)), [0x50, 0x4B, 0x05, 0x06])
            let locator = Array(bytes.suffix(42).prefix(4))
            XCTAssertEqual(locator == [0x50, 0x4B, 0x06, 0x07], zip64, "Zip64 end records only when asked or needed")
            if let passed = SampleTestFiles.unzipTest(path) { XCTAssertTrue(passed, "unzip -t \(path)") }
        }
    }

    func testZip64ArchivesHoldTheSameEntries() throws {
        let plain = SampleTestFiles.temporaryFolder("zip32"), wide = SampleTestFiles.temporaryFolder("zip64")
        defer {
            try? FileManager.default.removeItem(atPath: plain)
            try? FileManager.default.removeItem(atPath: wide)
        }
        let options = SampleOptions(orgs: 3, postsPerOrg: 80, seed: 5, formats: [.tweetsJS, .mastodon])
        let a = try SampleGenerator(options: options).write(to: plain)
        var generator = SampleGenerator(options: options)
        generator.forceZip64 = true
        let b = try generator.write(to: wide)
        XCTAssertEqual(a.records, b.records)
        let archives = SampleTestFiles.tree(plain).filter { $0.hasSuffix(".zip") }
        XCTAssertEqual(archives, SampleTestFiles.tree(wide).filter { $0.hasSuffix(".zip") })
        XCTAssertFalse(archives.isEmpty)
        for path in archives {
            let x = try SampleTestFiles.zipEntries(plain, path), y = try SampleTestFiles.zipEntries(wide, path)
            XCTAssertEqual(x.map(\.entry.name), y.map(\.entry.name))
            XCTAssertEqual(x.map(\.data), y.map(\.data))
            XCTAssertNotEqual(SampleTestFiles.data(plain, path), SampleTestFiles.data(wide, path))
            if let passed = SampleTestFiles.unzipTest(wide + "/" + path) { XCTAssertTrue(passed, "unzip -t \(path)") }
        }
    }

    func testUSTimeZonesFollowDaylightSavingTime() {
        let central = SampleUSTimeZone(standardOffset: -6 * 3600)
        func local(_ t: Int64) -> String {
            var b = SampleBytes()
            central.appendSproutTime(t, into: &b)
            return b.string
        }
        // 2023: clocks went forward on 12 March at 02:00 CST (08:00 UTC), back on 5 November at
        // 02:00 CDT (07:00 UTC).
        XCTAssertEqual(local(SampleCalendar.seconds(year: 2023, month: 3, day: 12, hour: 7, minute: 59)), "03/12/2023 1:59 am")
        XCTAssertEqual(local(SampleCalendar.seconds(year: 2023, month: 3, day: 12, hour: 8)), "03/12/2023 3:00 am")
        XCTAssertEqual(local(SampleCalendar.seconds(year: 2023, month: 11, day: 5, hour: 6, minute: 59)), "11/05/2023 1:59 am")
        XCTAssertEqual(local(SampleCalendar.seconds(year: 2023, month: 11, day: 5, hour: 7)), "11/05/2023 1:00 am")
        XCTAssertEqual(local(SampleCalendar.seconds(year: 2024, month: 1, day: 15, hour: 18, minute: 5)), "01/15/2024 12:05 pm")
        XCTAssertEqual(local(SampleCalendar.seconds(year: 2024, month: 7, day: 4, hour: 5, minute: 30)), "07/04/2024 12:30 am")
        var b = SampleBytes()
        SampleUSTimeZone(standardOffset: -8 * 3600).appendMetaTime(SampleCalendar.seconds(year: 2022, month: 7, day: 1, hour: 16, minute: 9), into: &b)
        XCTAssertEqual(b.string, "07/01/2022 09:09")
    }

    /// With only the modern archive chosen, it holds every post: parts, long posts, reposts.
    func testArchiveOnlyCorpusHoldsEveryPostInParts() throws {
        let folder = SampleTestFiles.temporaryFolder("tweetsjs")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stats = try SampleGenerator(options: SampleOptions(orgs: 3, postsPerOrg: 900, seed: 8, formats: [.tweetsJS]))
            .write(to: folder)
        XCTAssertEqual(Set(stats.records.keys), [.tweetsJS])
        // Every post once; a post broken on purpose is a reject, not a post.
        XCTAssertEqual(stats.records[.tweetsJS], 3 * 900 + 900 / 3)
        XCTAssertEqual(stats.posts + stats.deliberateRejects.count, 3 * 900 + 900 / 3)
        XCTAssertEqual(Set(stats.deliberateRejects.map(\.format)), [.tweetsJS])
        let archives = SampleTestFiles.tree(folder).filter { $0.hasSuffix(".zip") }
        XCTAssertEqual(archives.count, 4, "one archive per organization, the unregistered one's too")
        var names: Set<String> = [], notes = 0, quotes = 0, reposts = 0, posts = 0
        for path in archives {
            for (entry, data) in try SampleTestFiles.zipEntries(folder, path) {
                names.insert(entry.name)
                if entry.name == "data/note-tweet.js" {
                    notes += (SampleTestFiles.ytdJSON(data) as? [Any])?.count ?? 0
                }
                guard ArchiveFileNames.isTweetsPart((entry.name as NSString).lastPathComponent) else { continue }
                for element in SampleTestFiles.ytdJSON(data) as? [[String: Any]] ?? [] {
                    posts += 1
                    let tweet = element["tweet"] as? [String: Any] ?? [:]
                    if (tweet["full_text"] as? String)?.hasPrefix("RT @") == true { reposts += 1 }
                    let urls = (tweet["entities"] as? [String: Any])?["urls"] as? [[String: Any]] ?? []
                    if urls.contains(where: { ($0["expanded_url"] as? String)?.contains("/status/") == true
                        && ($0["expanded_url"] as? String)?.contains("/i/web/") == false }) { quotes += 1 }
                }
            }
        }
        XCTAssertEqual(posts, stats.records[.tweetsJS])
        XCTAssertTrue(names.isSuperset(of: ["data/account.js", "data/manifest.js", "data/tweets.js", "data/tweets-part1.js"]),
                      "\(names.sorted())")
        XCTAssertGreaterThan(notes, 0, "long posts in note-tweet.js")
        XCTAssertGreaterThan(quotes, 0, "quotes by a status link")
        XCTAssertGreaterThan(reposts, 0)
    }

    /// With only Mastodon chosen, every post goes to an outbox: boosts, replies, tags, counters.
    func testMastodonOnlyCorpusShowsEveryKindOfActivity() throws {
        let folder = SampleTestFiles.temporaryFolder("mastodon")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stats = try SampleGenerator(options: SampleOptions(orgs: 2, postsPerOrg: 400, seed: 9, formats: [.mastodon]))
            .write(to: folder)
        XCTAssertEqual(stats.records[.mastodon], stats.posts + stats.deliberateRejects.count)
        XCTAssertEqual(stats.records[.mastodon], 2 * 400, "two organizations (no unregistered one under three)")
        var text = ""
        for path in SampleTestFiles.tree(folder) where path.hasSuffix(".zip") {
            text += String(decoding: SampleTestFiles.zipEntry(folder, path, "outbox.json") ?? Data(), as: UTF8.self)
        }
        for needle in ["\"type\":\"Announce\"", "\"inReplyTo\":\"https://", "{\"type\":\"Mention\"", "{\"type\":\"Hashtag\"",
                       "\"likes\":{", "class=\\\"u-url mention\\\"", "\"type\":\"Document\""] {
            XCTAssertTrue(text.contains(needle), needle)
        }
        XCTAssertFalse(text.contains("t.co/"), "Mastodon shows links in full")
    }
}
