import Foundation
import XCTest

/// Small hand-checked runs for time zones, calendar arithmetic and numbers at their limits.
final class TimeAndNumbersTests: XCTestCase {
    static let layoutB = BadInputTests.layoutB

    func workdir(_ name: String = #function) throws -> Workdir {
        let dir = try Workdir(name)
        try dir.write("organizations.csv", "handle,name,sector\nacme,Acme,commercial\n")
        return dir
    }

    /// Timestamps are converted to UTC before months and days are taken: a New Year's Eve post
    /// at 22:00 -0500 is a January post, 01:30 +0200 on 1 March is 29 February (a leap year).
    func testOffsetsMoveDaysMonthsAndYears() throws {
        let dir = try workdir()
        try dir.write("exports/acme/tweets.csv", Self.layoutB + """

            11,,,2015-12-31 22:00:00 -0500,web,a,,,,
            12,,,2016-03-01 01:30:00 +0200,web,b,,,,
            13,,,2016-02-29 12:00:00 +0000,web,c,,,,
            13,,,2016-02-29 12:00:00 +0000,web,the same post again,,,,

            """)
        // twarc2 with an ISO 8601 offset: 2016-01-01T02:00:00+05:00 is 2015-12-31T21:00Z.
        try dir.write("exports/collection.csv", """
            id,created_at,author.username,text,referenced_tweets.replied_to.id,referenced_tweets.retweeted.id,referenced_tweets.quoted.id
            14,2016-01-01T02:00:00+05:00,acme,d,,,

            """)
        let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let org = try XCTUnwrap(SimpleCSV.records(try dir.readText("out/organizations.csv")).first)
        XCTAssertEqual(org["posts"], "4", "id 13 twice in one file is one post")
        XCTAssertEqual(org["first_post"], "2015-12-31")
        XCTAssertEqual(org["last_post"], "2016-02-29")
        // days = 2015-12-31 .. 2016-02-29 = 60 + 1 = 61; 4 / (61/7) = 0.45902
        XCTAssertEqual(org["posts_per_week"], "0.4590")
        XCTAssertEqual(org["active_months"], "3")
        XCTAssertEqual(try dir.readText("out/org_months.csv"), """
            handle,month,posts,authored,promotional,conversational,measured_posts,interactions,impressions,engagements
            acme,2015-12,1,1,0,0,0,,,
            acme,2016-01,1,1,0,0,0,,,
            acme,2016-02,2,2,0,0,0,,,

            """)
        let summary = try Summary(try dir.read("out/summary.json"))
        summary.checkRecordsAddUp()
        XCTAssertEqual(summary.totals["duplicates"], 1)
    }

    /// Fewer than 7 days: posts_per_week is posts / max(1, days / 7) = posts.
    func testShortSpansCountAsOneWeek() throws {
        let dir = try workdir()
        try dir.write("exports/acme/tweets.csv", Self.layoutB + """

            21,,,2016-05-01 10:00:00 +0000,web,a,,,,
            22,,,2016-05-01 11:00:00 +0000,web,b,,,,
            23,,,2016-05-03 09:00:00 +0000,web,c,,,,

            """)
        XCTAssertEqual(try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out"]).status, 0)
        let org = try XCTUnwrap(SimpleCSV.records(try dir.readText("out/organizations.csv")).first)
        XCTAssertEqual(org["posts_per_week"], "3.0000")
    }

    /// Counters near Int64.max never trap: the run ends normally and the sums stay positive.
    func testHugeCountersDoNotCrash() throws {
        let dir = try workdir()
        let big = "9223372036854775807"
        try dir.write("exports/tweet_activity_metrics_acme_20150801_20150831_en.csv", """
            "Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","retweets","replies","likes"
            "1","https://twitter.com/acme/status/1","big","2015-08-01 10:00 +0000","\(big).0","\(big)","\(big)","5.0","\(big)"
            "2","https://twitter.com/acme/status/2","big2","2015-08-02 10:00 +0000","\(big)","\(big)","1","1","1"

            """)
        let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out"])
        XCTAssertFalse(run.crashed, run.stderr)
        XCTAssertEqual(run.status, 0, run.stderr)
        let org = try XCTUnwrap(SimpleCSV.records(try dir.readText("out/organizations.csv")).first)
        XCTAssertEqual(org["posts"], "2")
        for column in ["interactions_total", "impressions_total"] {
            let value = try XCTUnwrap(org[column])
            XCTAssertFalse(value.hasPrefix("-") || value.isEmpty, "\(column) = \(value)")
        }
    }
}
