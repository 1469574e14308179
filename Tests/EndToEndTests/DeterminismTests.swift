import Foundation
import XCTest

/// Principle 4: the same inputs give byte-identical CSV files, whatever the number of threads,
/// the order of the files on the command line or the order in which they were created on disk.
final class DeterminismTests: XCTestCase {
    static let outputs = GoldenReportTests.tables + ["rejects.csv"]

    func outputs(_ dir: Workdir, _ out: String) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try Self.outputs.map { ($0, try dir.read(out + "/" + $0)) })
    }

    func assertSame(_ a: [String: Data], _ b: [String: Data], _ what: String,
                    names: [String] = DeterminismTests.outputs, file: StaticString = #filePath, line: UInt = #line) {
        for name in names {
            guard let x = a[name], let y = b[name] else {
                XCTFail("\(what): \(name) missing", file: file, line: line)
                continue
            }
            assertSameBytes(y, x, "\(what): \(name)", file: file, line: line)
        }
    }

    // MARK: The golden corpus

    func testGoldenIsTheSameWithOneOrTwoThreads() throws {
        let dir = try Workdir()
        try dir.copyFixture("golden/exports", to: "exports")
        try dir.copyFixture("golden/organizations.csv", to: "organizations.csv")
        for threads in ["1", "2"] {
            let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out\(threads)",
                                   "--threads", threads])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        assertSame(try outputs(dir, "out1"), try outputs(dir, "out2"), "--threads 1 vs 2")
    }

    func testGoldenIsTheSameWhateverTheOrderOfFilesOnTheCommandLine() throws {
        let dir = try Workdir()
        try dir.copyFixture("golden/exports", to: "exports")
        try dir.copyFixture("golden/organizations.csv", to: "organizations.csv")
        let files = ["exports/analytics/tweet_activity_metrics_helpinghands_20150301_20150331_en.csv",
                     "exports/collections/library_search.csv",
                     "exports/helpinghands/2015/tweets.csv.gz"]
        var results: [[String: Data]] = []
        for (i, order) in [files, files.reversed(), [files[2], files[0], files[1]]].enumerated() {
            let run = try dir.run(["report"] + order + ["--registry", "organizations.csv", "--out", "out\(i)", "--threads", "2"])
            XCTAssertEqual(run.status, 0, run.stderr)
            results.append(try outputs(dir, "out\(i)"))
        }
        assertSame(results[0], results[1], "reversed order")
        assertSame(results[0], results[2], "shuffled order")
        // Named one by one or found in their folder: the same metrics.
        XCTAssertEqual(try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "folder"]).status, 0)
        assertSame(results[0], try outputs(dir, "folder"), "files vs folder", names: GoldenReportTests.tables)
        for table in GoldenReportTests.tables {
            XCTAssertEqual(results[0][table], try Fixtures.data("golden/expected/" + table), "\(table): still the golden bytes")
        }
    }

    /// The same files copied into a new folder in the opposite creation order (and with other
    /// modification times): the directory walk order must not leak into the output.
    func testGoldenIsTheSameFromACopyCreatedInAnotherOrder() throws {
        let dir = try Workdir()
        try dir.copyFixture("golden/exports", to: "exports")
        try dir.copyFixture("golden/organizations.csv", to: "organizations.csv")
        let files = dir.listing("exports").filter { !$0.hasSuffix("/") && !FileManager.default.isDirectory(dir.path("exports/" + $0)) }
        XCTAssertEqual(files.count, 3)
        for (i, file) in files.reversed().enumerated() {
            try dir.write("copy/" + file, data: try dir.read("exports/" + file))
            let date = Date(timeIntervalSince1970: 1_500_000_000 - Double(i) * 86_400)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: dir.path("copy/" + file))
        }
        XCTAssertEqual(try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "a"]).status, 0)
        XCTAssertEqual(try dir.run(["report", "copy", "--registry", "organizations.csv", "--out", "b", "--threads", "1"]).status, 0)
        assertSame(try outputs(dir, "a"), try outputs(dir, "b"), "copy created in reverse order")
    }

    // MARK: A larger generated corpus

    /// Eight organizations, each with an archive, an analytics export overlapping it (merged
    /// duplicates whose counters differ) and rows in two shared twarc2 collections, some bad
    /// rows: enough work that the threads really interleave.
    func testLargerCorpusIsTheSameForAnyThreadCountAndFileOrder() throws {
        let dir = try Workdir()
        let corpus = GeneratedCorpus(organizations: 8, postsPerOrganization: 60)
        try corpus.write(into: dir, folder: "exports")
        var runs: [String: [String: Data]] = [:]
        for threads in ["1", "2", "4"] {
            let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "t\(threads)",
                                   "--threads", threads])
            XCTAssertFalse(run.crashed)
            XCTAssertEqual(run.status, 0, run.stderr)
            runs[threads] = try outputs(dir, "t\(threads)")
        }
        assertSame(runs["1"]!, runs["2"]!, "--threads 1 vs 2")
        assertSame(runs["1"]!, runs["4"]!, "--threads 1 vs 4")

        // The same files written again in reverse order into another folder.
        try corpus.write(into: dir, folder: "again", reversed: true)
        XCTAssertEqual(try dir.run(["report", "again", "--registry", "organizations.csv", "--out", "r", "--threads", "3"]).status, 0)
        assertSame(runs["1"]!, try outputs(dir, "r"), "reverse creation order")

        let summary = try Summary(try dir.read("t2/summary.json"))
        summary.checkRecordsAddUp()
        XCTAssertGreaterThan(summary.totals["duplicates"] ?? 0, 0, "the corpus has merged duplicates")
        XCTAssertGreaterThan(summary.totals["rejects"] ?? 0, 0, "the corpus has rejects")
        let organizations = SimpleCSV.records(try dir.readText("t2/organizations.csv"))
        XCTAssertEqual(organizations.count, corpus.organizations + 1, "the registry's orgs and one unregistered account")
        for row in organizations where row["handle"] != "bystander" {
            XCTAssertGreaterThan(Int(row["posts"] ?? "") ?? 0, 50, "\(row["handle"] ?? "?"): posts from all three formats")
            XCTAssertGreaterThan(Int(row["reposts"] ?? "") ?? 0, 0, "\(row["handle"] ?? "?"): reposts routed from the collections")
        }
        XCTAssertEqual(organizations.first { $0["handle"] == "bystander" }?["sector"], "unregistered")
    }
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}

/// A deterministic synthetic corpus for the tests that need volume rather than hand-checked
/// values (a small linear congruential generator; no randomness between runs).
struct GeneratedCorpus {
    var organizations: Int
    var postsPerOrganization: Int

    static let texts = [
        "Donate today to keep the shelter open", "Thanks to all our volunteers!", "What do you think of the new plan?",
        "Workshop on Tue at 6pm, sign up inside", "Our annual report is out", "Great work by the team",
        "Read our latest update", "Happy birthday to our founder", "Join us at the town hall next week",
        "Quiet day at the office", "New photos from the field", "Who else is coming on Sat?",
    ]

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func handle(_ k: Int) -> String { "org\(k)" }

    func files() -> [(path: String, text: String)] {
        var g = Generator(state: 42)
        var files: [(String, String)] = []
        var registry = ["handle,name,sector,subsector,country,domains,hashtags,aliases,followers"]
        let sectors = ["public", "nonprofit", "commercial", "other"]
        var twarc = [["id", "created_at", "author.username", "text", "referenced_tweets.replied_to.id",
                      "referenced_tweets.retweeted.id", "referenced_tweets.quoted.id", "in_reply_to_username",
                      "retweeted_username", "quoted_username", "public_metrics.like_count", "public_metrics.retweet_count",
                      "public_metrics.reply_count", "public_metrics.quote_count", "entities.urls",
                      "author.public_metrics.followers_count"].joined(separator: ",")]
        for k in 0..<organizations {
            let h = handle(k)
            registry.append("\(h),Org \(k),\(sectors[k % 4]),,,\(h).org,,,\(k == 0 ? "" : String(100 * k))")
            var archive = ["tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,"
                + "retweeted_status_user_id,retweeted_status_timestamp,expanded_urls"]
            var analytics = ["\"Tweet id\",\"Tweet permalink\",\"Tweet text\",\"time\",\"impressions\",\"engagements\",\"retweets\",\"replies\",\"likes\""]
            for p in 0..<postsPerOrganization {
                let id = String(700000000000000000 + k * 10_000 + p)
                let month = 1 + (p * 11 / postsPerOrganization + k) % 12
                let day = 1 + g.next(28), hour = g.next(24)
                let stamp = String(format: "2016-%02d-%02d %02d:%02d", month, day, hour, g.next(60))
                let text = Self.texts[g.next(Self.texts.count)]
                let url = g.next(3) == 0 ? "https://\(h).org/p/\(p)" : ""
                switch g.next(10) {
                case 0 ... 4: // archive only; every 17th row with a bad timestamp
                    let time = p % 17 == 5 ? "not a time" : stamp + ":00 +0000"
                    let reply = g.next(4) == 0 ? "6900000000000\(p),12345" : ","
                    archive.append("\(id),\(reply),\(time),web,\"\(text)\",,,,\(url)")
                case 5 ... 7: // archive and analytics: a merged duplicate
                    archive.append("\(id),,,\(stamp):00 +0000,web,\"\(text)\",,,,\(url)")
                    analytics.append("\"\(id)\",\"https://twitter.com/\(h)/status/\(id)\",\"\(text)\",\"\(stamp) +0000\","
                        + "\"\(g.next(900) + 100).0\",\"\(g.next(50)).0\",\"\(g.next(5)).0\",\"\(g.next(5)).0\",\"\(g.next(20)).0\"")
                default: // a collection row, sometimes a repost of the unregistered account
                    let created = stamp.replacingOccurrences(of: " ", with: "T") + ":00.000Z"
                    let repost = g.next(3) == 0
                    let rtText = repost ? "RT @bystander: \(text)" : text
                    twarc.append([id, created, h, "\"\(rtText)\"", "", repost ? "5550000000000\(p)" : "", "", "",
                                  repost ? "bystander" : "", "", String(g.next(30)), String(g.next(9)), String(g.next(4)),
                                  String(g.next(2)), url.isEmpty ? "" : "\"[\"\"\(url)\"\"]\"", String(1000 + k)]
                        .joined(separator: ","))
                }
            }
            files.append(("\(h)/tweets.csv", archive.joined(separator: "\n") + "\n"))
            files.append(("analytics/tweet_activity_metrics_\(h)_20160101_20161231_en.csv", analytics.joined(separator: "\r\n") + "\r\n"))
        }
        for p in 0..<10 {
            twarc.append(["71000000000000000\(p)", "2016-0\(1 + p % 9)-15T12:00:00.000Z", "bystander", "\"Hello @org1\"", "", "",
                          "", "", "", "", "1", "0", "0", "0", "", "7"].joined(separator: ","))
        }
        let half = twarc.count / 2
        files.append(("collections/part1.csv", twarc[..<half].joined(separator: "\n") + "\n"))
        files.append(("collections/part2.csv", ([twarc[0]] + twarc[half...]).joined(separator: "\n") + "\n"))
        files.append(("../organizations.csv", registry.joined(separator: "\n") + "\n"))
        return files
    }

    func write(into dir: Workdir, folder: String, reversed: Bool = false) throws {
        let all = files()
        for file in reversed ? all.reversed() : all {
            let path = file.path.hasPrefix("../") ? String(file.path.dropFirst(3)) : folder + "/" + file.path
            try dir.write(path, file.text)
        }
    }
}
