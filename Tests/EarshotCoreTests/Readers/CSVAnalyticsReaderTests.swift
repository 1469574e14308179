import XCTest
@testable import EarshotCore

final class CSVAnalyticsReaderTests: XCTestCase {
    let analytics: (Int) -> any ExportReader = { AnalyticsExportReader(bufferSize: $0) }
    let xAnalytics: (Int) -> any ExportReader = { XAnalyticsReader(bufferSize: $0) }

    let namedFile = ExportFile(path: "/in/tweet_activity_metrics_redcross_20161201_20170101_en.csv",
                               displayPath: "tweet_activity_metrics_redcross_20161201_20170101_en.csv",
                               orgFromName: "redcross")

    /// Since November 2015: `likes`. Values are quoted float strings, promoted cells `-`.
    let likesExport = """
        "Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","engagement rate","retweets","replies","likes","user profile clicks","url clicks","promoted impressions","promoted likes"
        "811","https://twitter.com/RedCross/status/811","Help us &amp; donate","2016-12-23 18:50 +0000","1234.0","56.0","0.045","7.0","2.0","18.0","3.0","4.0","-","-"
        "812","https://twitter.com/Oxfam/status/812","@RedCross thanks!","2016-12-23 18:50 +0000","1,234","100+","0.1","-","","abc","0","0","-","-"
        "813","","no permalink: the file name decides","2016-12-23 18:50 +0000","10.0","1.0","0.1","0.0","0.0","0.0","0","0","-","-"
        "814","https://twitter.com/RedCross/status/814","bad time","23/12/2016","10.0","1.0","0.1","0.0","0.0","0.0","0","0","-","-"

        """

    func testLikesExport() throws {
        let out = try readExport(analytics, likesExport, file: namedFile)
        XCTAssertEqual(out.posts.map(\.id), ["811", "812", "813"])
        XCTAssertEqual(out.posts.map(\.org), ["redcross", "oxfam", "redcross"])
        let first = out.posts[0]
        XCTAssertEqual(first.text, "Help us & donate")
        XCTAssertEqual(first.created, 1_482_519_000)
        XCTAssertEqual(first.impressions, 1234)
        XCTAssertEqual(first.engagements, 56)
        XCTAssertEqual(first.reposts, 7)
        XCTAssertEqual(first.replies, 2)
        XCTAssertEqual(first.likes, 18)
        XCTAssertNil(first.quotes, "the export has no quote count")
        XCTAssertNil(first.marker)
        XCTAssertTrue(first.textReplyAllowed, "no reply marker: a leading @ makes a reply later")
        XCTAssertNil(first.expandedURLs)

        let second = out.posts[1]
        XCTAssertEqual(second.impressions, 1234)
        XCTAssertEqual(second.engagements, 100, "100+ is a lower bound")
        XCTAssertNil(second.reposts, "`-` is unknown")
        XCTAssertNil(second.replies, "empty is unknown")
        XCTAssertNil(second.likes, "not a number: unknown, with a warning")
        XCTAssertEqual(out.warnings.count, 1)
        XCTAssertEqual(out.warnings[0].line, 3)
        XCTAssertTrue(out.warnings[0].reason.contains("likes"), out.warnings[0].reason)

        XCTAssertEqual(out.rejects.map(\.line), [5])
        XCTAssertEqual(out.rejects.map(\.reason), ["bad timestamp"])
    }

    /// The owner of a permalink is remembered for the next rows with the same link up to the id:
    /// a change of account, a non-status link, a query or a photo link in between must each be
    /// read afresh.
    func testPermalinkOwnersAcrossRows() throws {
        let header = #""Tweet id","Tweet permalink","Tweet text","time","impressions","engagements""#
        let rows = [
            ("1", "https://twitter.com/RedCross/status/1"),
            ("2", "https://twitter.com/RedCross/status/2"),
            ("3", "https://twitter.com/Oxfam/status/3"),
            ("4", "https://twitter.com/Oxfam/status/4?s=20"),
            ("5", "https://twitter.com/RedCross/status/"),
            ("6", "https://twitter.com/RedCross/status/6x"),
            ("7", "https://twitter.com/RedCross/status/7/photo/1"),
            ("8", "https://twitter.com/RedCross/status/7/photo/2"),
            ("9", "https://example.org/RedCross/status/9"),
            ("10", "https://twitter.com/redcross/status/10"),
            ("11", "https://twitter.com/RedCross/status/11"),
        ]
        let text = ([header] + rows.map { #""\#($0.0)","\#($0.1)","hello","2016-12-23 18:50 +0000","1.0","1.0""# })
            .joined(separator: "\n") + "\n"
        let file = ExportFile(path: "/in/tweet_activity_metrics_fallback_20161201_20170101_en.csv",
                              displayPath: "tweet_activity_metrics_fallback_20161201_20170101_en.csv", orgFromName: "fallback")
        let out = try readExport(analytics, text, file: file)
        // Hand-checked: 5 and 6 are no status links (empty or non-numeric id), 9 is another host.
        XCTAssertEqual(out.posts.map(\.id), ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"])
        XCTAssertEqual(out.posts.map(\.org), ["redcross", "redcross", "oxfam", "oxfam", "fallback", "fallback",
                                               "redcross", "redcross", "fallback", "redcross", "redcross"])
    }

    func testFavoritesBeforeNovember2015() throws {
        let text = """
            Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,retweets,replies,favorites,promoted favorites
            "500","https://twitter.com/redcross/status/500","old","2014-01-02 03:04 +0000","20.0","5.0","1.0","0.0","3.0","-"

            """
        let out = try readExport(analytics, text, file: namedFile)
        XCTAssertEqual(out.posts.map(\.likes), [3])
        XCTAssertEqual(out.posts[0].created, 1_388_631_840)
    }

    func testRowWithoutAnyHandleIsRejected() throws {
        let anonymous = ExportFile(path: "/in/export.csv", displayPath: "export.csv")
        let out = try readExport(analytics, likesExport, file: anonymous)
        XCTAssertEqual(out.posts.map(\.id), ["811", "812"])
        XCTAssertEqual(out.rejects.map(\.reason), ["unknown organization", "bad timestamp"])
        XCTAssertEqual(out.rejects.map(\.line), [4, 5])
    }

    func testOverlappingExportsAreTwoFilesOfTheSamePosts() throws {
        // Merging is the pipeline's job: each file gives its own posts.
        let later = likesExport.replacingOccurrences(of: "\"18.0\"", with: "\"25.0\"")
        let first = try readExport(analytics, likesExport, file: namedFile)
        let second = try readExport(analytics, later, file: namedFile)
        XCTAssertEqual(first.posts.map(\.id), second.posts.map(\.id))
        XCTAssertEqual(first.posts[0].likes, 18)
        XCTAssertEqual(second.posts[0].likes, 25)
    }

    func testMissingRecognitionColumn() throws {
        let text = "Tweet id,Tweet permalink,Tweet text,time,impressions\n1,,x,2016-12-23 18:50 +0000,1\n"
        let out = try readExport(analytics, text, file: namedFile, checkRecordCount: false)
        XCTAssertEqual(out.rejects.map(\.reason), ["missing column: `engagements`"])
        XCTAssertEqual(out.posts.count, 0)
    }

    let xExport = """
        Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks
        1944000000000000001,"Tue, Jul 14, 2026","Day only, thousands &gt; here",https://x.com/RedCross/status/1944000000000000001,"12,345","1,002",2000,3,4,0,5,6,7,8,9,0,1
        1944000000000000002,"Tue, Jul 14, 2026",@oxfam hi,https://x.com/redcross/status/1944000000000000002,10,n/a,1,0,0,0,0,0,0,0,0,0,0
        1944000000000000003,"Jul 14",bad day,https://x.com/redcross/status/1944000000000000003,10,1,1,0,0,0,0,0,0,0,0,0,0

        """

    func testXAnalyticsContentExport() throws {
        let file = ExportFile(path: "/in/account_analytics_content_2026-07-01_2026-07-31.csv",
                              displayPath: "account_analytics_content_2026-07-01_2026-07-31.csv")
        let out = try readExport(xAnalytics, xExport, file: file)
        XCTAssertEqual(out.posts.map(\.id), ["1944000000000000001", "1944000000000000002"])
        XCTAssertEqual(out.posts.map(\.org), ["redcross", "redcross"])
        let first = out.posts[0]
        XCTAssertEqual(first.created, 1_783_987_200, "the day at 00:00 UTC")
        XCTAssertEqual(first.text, "Day only, thousands > here")
        XCTAssertEqual(first.impressions, 12345)
        XCTAssertEqual(first.likes, 1002)
        XCTAssertEqual(first.engagements, 2000)
        XCTAssertEqual(first.replies, 5)
        XCTAssertEqual(first.reposts, 6)
        XCTAssertNil(first.quotes)
        XCTAssertTrue(first.textReplyAllowed)
        XCTAssertEqual(first.sources, [.xAnalytics])
        XCTAssertNil(out.posts[1].likes)
        XCTAssertEqual(out.warnings.map(\.line), [3])
        XCTAssertEqual(out.rejects.map(\.reason), ["bad timestamp"])
        XCTAssertEqual(out.rejects.map(\.line), [4])
    }
}
