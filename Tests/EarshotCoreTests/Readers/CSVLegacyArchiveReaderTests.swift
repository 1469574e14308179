import XCTest
@testable import EarshotCore

final class CSVLegacyArchiveReaderTests: XCTestCase {
    let reader: (Int) -> any ExportReader = { LegacyArchiveReader(bufferSize: $0) }
    let file = ExportFile(path: "/in/RedCross/tweets.csv", displayPath: "RedCross/tweets.csv", orgFromPath: "RedCross")

    let layoutA = """
        "tweet_id","in_reply_to_status_id","in_reply_to_user_id","retweeted_status_id","retweeted_status_user_id","timestamp","source","text","expanded_urls"
        "100","","","","","2013-03-25 00:16:47 +0000","web","Plain &amp;amp; simple &lt;3 http://t.co/a","http://bit.ly/a"
        "101","","","","","2013-03-25 00:16:47 +0000","web","No link at all"
        "102","","","","","2013-03-25 00:16:47 +0000","web","Two links","http://a.org/1","http://b.org/2"
        "103","","939504848","","","2012-11-16 03:26:13 +0000","web","@fccap only the user id"
        "104","","","99","42","2012-11-16 03:26:13 +0000","web","RT @BocaJrsOficial: Grande #Boca"
        "105","","","","","2012-11-16 03:26:13 +0000","web"

        """

    func testLayoutARaggedRows() throws {
        let out = try readExport(reader, layoutA, file: file)
        XCTAssertEqual(out.posts.map(\.id), ["100", "101", "102", "103", "104"])
        XCTAssertEqual(out.postLines, [2, 3, 4, 5, 6])
        XCTAssertEqual(out.posts.map(\.org), Array(repeating: "redcross", count: 5))
        let plain = out.posts[0]
        XCTAssertEqual(plain.text, "Plain &amp; simple <3 http://t.co/a", "entities decoded exactly once")
        XCTAssertEqual(plain.created, 1_364_170_607)
        XCTAssertEqual(plain.expandedURLs, ["http://bit.ly/a"])
        XCTAssertNil(plain.marker)
        XCTAssertNil(out.posts[1].expandedURLs, "a short row has no URL: the text's URLs are used")
        XCTAssertEqual(out.posts[2].expandedURLs, ["http://a.org/1", "http://b.org/2"])
        XCTAssertEqual(out.posts[3].marker, .reply(target: nil))
        XCTAssertEqual(out.posts[4].marker, .repost(target: "bocajrsoficial"))
        for post in out.posts {
            XCTAssertNil(post.likes)
            XCTAssertNil(post.reposts)
            XCTAssertNil(post.replies)
            XCTAssertNil(post.quotes)
            XCTAssertNil(post.impressions)
            XCTAssertNil(post.engagements)
            XCTAssertFalse(post.textReplyAllowed)
            XCTAssertEqual(post.sources, [.legacyArchive])
        }
        XCTAssertEqual(out.rejects.count, 1)
        XCTAssertEqual(out.rejects[0].line, 7)
        XCTAssertEqual(out.rejects[0].reason, "wrong column count: expected 9, got 7")
        XCTAssertEqual(out.rejects[0].file, "RedCross/tweets.csv")
        XCTAssertTrue(out.rejects[0].excerpt.hasPrefix("\"105\""))
        XCTAssertEqual(out.warnings, [])
    }

    let layoutB = """
        tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls
        200,,,2015-08-22 22:45:29 +0000,web,"Links, twice each",,,,"http://a.org/x,http://a.org/x,http://b.org/y,http://b.org/y"
        201,150,7,2015-08-22 22:45:29 +0000,web,"@someone a reply
        over two lines",,,,
        202,,,2015-08-22 22:45:29 +0000,web,"RT @Other_1: news",180,8,2015-08-20 10:00:00 +0000,
        203,,,2015-08-22 22:45:29 +0000,web,short row,,,
        204,,,2015-08-22 22:45:29 +0000,web,long row,,,,http://a.org,http://b.org
        205,,,2015-08-22 22:45:29 +0000,web,"  RT @x: not a repost without the id",,,,

        """

    func testLayoutBJoinedURLsAndStrictColumnCount() throws {
        let out = try readExport(reader, layoutB, file: file)
        XCTAssertEqual(out.posts.map(\.id), ["200", "201", "202", "205"])
        XCTAssertEqual(out.postLines, [2, 3, 5, 8])
        XCTAssertEqual(out.posts[0].expandedURLs, ["http://a.org/x", "http://b.org/y"])
        XCTAssertEqual(out.posts[0].created, 1_440_283_529)
        XCTAssertEqual(out.posts[1].text, "@someone a reply\nover two lines")
        XCTAssertEqual(out.posts[1].marker, .reply(target: nil))
        XCTAssertNil(out.posts[1].expandedURLs)
        XCTAssertEqual(out.posts[2].marker, .repost(target: "other_1"))
        XCTAssertNil(out.posts[3].marker, "a text heuristic is not a structural marker")
        XCTAssertEqual(out.rejects.map(\.line), [6, 7])
        XCTAssertEqual(out.rejects.map(\.reason), [
            "wrong column count: expected 10, got 9", "wrong column count: expected 10, got 11",
        ])
    }

    func testUnknownOrganizationRejectsTheWholeFileOnce() throws {
        let nowhere = ExportFile(path: "/in/tweets.csv", displayPath: "tweets.csv")
        let out = try readExport(reader, layoutA, file: nowhere, checkRecordCount: false)
        XCTAssertEqual(out.posts.count, 0)
        XCTAssertEqual(out.warnings.count, 0)
        XCTAssertEqual(out.rejects.count, 1)
        XCTAssertEqual(out.rejects[0].line, 0)
        XCTAssertEqual(out.rejects[0].reason, "unknown organization")
        XCTAssertTrue(out.rejects[0].excerpt.contains("folder named after"), out.rejects[0].excerpt)
    }

    func testOrganizationFromFileNameOrPath() throws {
        let named = ExportFile(path: "x.csv", orgFromName: "@Oxfam", orgFromPath: "redcross")
        let out = try readExport(reader, layoutA, file: named)
        XCTAssertEqual(Set(out.posts.map(\.org)), ["oxfam"])
    }

    func testBadRowsAreRejectsWithLineAndExcerpt() throws {
        let text = """
            tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls
            300,,,yesterday,web,bad time,,,,
            ,,,2015-08-22 22:45:29 +0000,web,no id,,,,
            1.23457E+17,,,2015-08-22 22:45:29 +0000,web,spreadsheet id,,,,
            301,,,2015-08-22 22:45:29 +0000,web,fine,,,,
            302,,,2015-08-22 22:45:29 +0000,web,"never closed,,,,
            303,,,2015-08-22 22:45:29 +0000,web,swallowed,,,,

            """
        let out = try readExport(reader, text, file: file)
        XCTAssertEqual(out.posts.map(\.id), ["301"])
        XCTAssertEqual(out.rejects.map(\.line), [2, 3, 4, 6])
        XCTAssertEqual(out.rejects.map(\.reason), [
            "bad timestamp", "missing id", "bad id: \"1.23457E+17\"", "unterminated quoted field",
        ])
        XCTAssertEqual(out.rejects[0].excerpt, "300,,,yesterday,web,bad time,,,,")
    }

    func testMissingColumnRejectsTheFileAtTheHeader() throws {
        let text = "tweet_id,text,expanded_urls\n1,hello,\n2,again,\n"
        let out = try readExport(reader, text, file: file, checkRecordCount: false)
        XCTAssertEqual(out.posts.count, 0)
        XCTAssertEqual(out.rejects.count, 1)
        XCTAssertEqual(out.rejects[0].line, 1)
        XCTAssertEqual(out.rejects[0].reason, "missing column: `timestamp`")
    }

    func testInvalidUTF8IsReplacedWithOneWarning() throws {
        var bytes = Array("tweet_id,timestamp,text\n".utf8)
        bytes += Array("1,2015-08-22 22:45:29 +0000,caf".utf8) + [0xE9] + Array("\n".utf8)
        bytes += Array("2,2015-08-22 22:45:29 +0000,ok\n".utf8)
        bytes += Array("3,2015-08-22 22:45:29 +0000,".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let out = try readExport(reader, bytes, file: file)
        XCTAssertEqual(out.posts.map(\.text), ["caf\u{FFFD}", "ok", "\u{FFFD}\u{FFFD}"])
        XCTAssertEqual(out.warnings.count, 1)
        XCTAssertEqual(out.warnings[0].line, 2)
        XCTAssertTrue(out.warnings[0].reason.contains("invalid UTF-8"), out.warnings[0].reason)
        XCTAssertTrue(out.warnings[0].reason.contains("2 records"), out.warnings[0].reason)
    }

    func testByteOrderMarkAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("tweet_id,timestamp,text\r\n\r\n7,2014-01-02 03:04:05 +0000,\"a\r\nb\"\r\n".utf8)
        let out = try readExport(reader, bytes, file: file)
        XCTAssertEqual(out.posts.map(\.id), ["7"])
        XCTAssertEqual(out.postLines, [3])
        XCTAssertEqual(out.posts[0].text, "a\r\nb")
        XCTAssertEqual(out.posts[0].created, 1_388_631_845)
    }

    func testSourceErrorStopsTheFileAfterTheRecordsBefore() throws {
        // A truncated gzip stream throws part-way: the posts before it are already emitted.
        let bytes = Array(layoutA.utf8)
        // Fail a few bytes into row 102: rows 100 and 101 are complete before the damage.
        let cut = try XCTUnwrap(layoutA.range(of: "\"102\"")).lowerBound.utf16Offset(in: layoutA) + 3
        var ids: [String] = []
        XCTAssertThrowsError(try LegacyArchiveReader(bufferSize: 16).read(
            ChunkedSource(bytes, chunk: 5, failAfter: cut), file: file
        ) { event in
            if case let .post(post, _) = event { ids.append(post.id) }
        })
        XCTAssertEqual(ids, ["100", "101"])
    }

    func testEmptyFileEmitsNothing() throws {
        let out = try readExport(reader, "", file: file)
        XCTAssertEqual(out.digest, [])
    }
}
