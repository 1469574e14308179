import Foundation
import XCTest
@testable import EarshotCore

/// T7: the modern archive's tweets.js, read one element at a time.
final class TweetsJSReaderTests: XCTestCase {
    static let archiveFile = ExportFile(path: "data/tweets.js", displayPath: "data/tweets.js",
                                        archive: ArchiveFacts(account: "goodcause"))

    /// One `{"tweet": {...}}` element, pretty-printed as the archive does (one field per line).
    static func tweet(_ id: String, _ text: String, created: String = "Tue Dec 06 15:00:00 +0000 2022",
                      likes: String = "\"1\"", reposts: String = "\"0\"", extra: String = "",
                      urls: [String] = [], mentions: [String] = [], hashtags: [String] = []) -> String {
        let urlItems = urls.map { "{ \"url\" : \"https://t.co/x\", \"expanded_url\" : \"\($0)\", \"indices\" : [ \"0\", \"23\" ] }" }
        let mentionItems = mentions.map { "{ \"name\" : \"N\", \"screen_name\" : \"\($0)\", \"id_str\" : \"9\" }" }
        let tagItems = hashtags.map { "{ \"text\" : \"\($0)\", \"indices\" : [ \"0\", \"5\" ] }" }
        return """
          {
            "tweet" : {
              "entities" : {
                "hashtags" : [ \(tagItems.joined(separator: ", ")) ],
                "user_mentions" : [ \(mentionItems.joined(separator: ", ")) ],
                "urls" : [ \(urlItems.joined(separator: ", ")) ]
              },
              "favorite_count" : \(likes),
              "id_str" : "\(id)",
              "retweet_count" : \(reposts),\(extra)
              "created_at" : "\(created)",
              "full_text" : "\(text)",
              "lang" : "en"
            }
          }
        """
    }

    static func part(_ elements: [String], name: String = "tweets") -> String {
        "window.YTD.\(name).part0 = [\n" + elements.joined(separator: ",\n") + "\n]"
    }

    func testFieldsEveryNumberAStringAndEntities() {
        let text = Self.part([
            Self.tweet("1600000000000000001", "#Donate today &amp; help &lt;3 https://t.co/x", likes: "\"12\"", reposts: "\"3\"",
                       urls: ["https://example.org/give"], hashtags: ["Donate"]),
        ])
        let out = tier2Read(TweetsJSReader(), text, file: Self.archiveFile)
        XCTAssertNil(out.error)
        XCTAssertEqual(out.posts.count, 1)
        let post = out.posts[0]
        XCTAssertEqual(post.org, "goodcause")
        XCTAssertEqual(post.id, "1600000000000000001", "a snowflake id kept as its digits")
        XCTAssertEqual(post.created, 1_670_338_800) // 2022-12-06T15:00:00Z
        XCTAssertEqual(post.text, "#Donate today & help <3 https://t.co/x", "entities decoded once")
        XCTAssertEqual(post.likes, 12)
        XCTAssertEqual(post.reposts, 3)
        XCTAssertNil(post.replies, "tweets.js has no reply count: unknown, not zero")
        XCTAssertEqual(post.expandedURLs, ["https://example.org/give"])
        XCTAssertEqual(post.hashtags, ["Donate"])
        XCTAssertEqual(post.mentions, [])
        XCTAssertEqual(post.sources, [.tweetsJS])
        XCTAssertNil(post.marker)
        XCTAssertEqual(out.lines, [2], "the line where the element starts")
    }

    func testRepostsRepliesAndQuotesAsTheSpecSays() {
        let text = Self.part([
            Self.tweet("11", "RT @friend: great news", likes: "\"0\"", reposts: "\"0\"", mentions: ["friend"]),
            Self.tweet("12", "@Someone thanks!", extra: """

                  "in_reply_to_status_id_str" : "100",
                  "in_reply_to_user_id_str" : "77",
                  "in_reply_to_screen_name" : "Someone",
            """, mentions: ["Someone"]),
            Self.tweet("13", "Look at this https://t.co/x", urls: ["https://twitter.com/other/status/555"]),
            Self.tweet("14", "a reply with only the user", extra: """

                  "in_reply_to_user_id_str" : "77",
            """),
        ])
        let out = tier2Read(TweetsJSReader(), text, file: Self.archiveFile)
        XCTAssertEqual(out.posts.count, 4)
        // No repost flag: the text says it, and both "0" counters are not the original's counts.
        XCTAssertNil(out.post("11")?.marker)
        XCTAssertNil(out.post("11")?.likes)
        XCTAssertNil(out.post("11")?.reposts)
        XCTAssertEqual(out.post("12")?.marker, .reply(target: "someone"))
        XCTAssertEqual(out.post("12")?.mentions, ["someone"])
        XCTAssertEqual(out.post("14")?.marker, .reply(target: nil))
        // Quotes have no flag either: the status link in the expanded URLs is the evidence.
        XCTAssertNil(out.post("13")?.marker)
        XCTAssertEqual(out.post("13")?.expandedURLs, ["https://twitter.com/other/status/555"])
        XCTAssertFalse(out.post("12")!.textReplyAllowed, "tweets.js has reply markers")
    }

    func testKindsAfterResolution() {
        let text = Self.part([
            Self.tweet("21", "RT @friend: great news"),
            Self.tweet("22", "@goodcause more below", extra: "\n\"in_reply_to_status_id_str\" : \"20\",\n\"in_reply_to_screen_name\" : \"GoodCause\","),
            Self.tweet("23", "Look https://t.co/x", urls: ["https://x.com/other/status/555"]),
            Self.tweet("24", "Our photo https://t.co/x", urls: ["https://twitter.com/goodcause/status/24/photo/1"]),
        ])
        let out = tier2Read(TweetsJSReader(), text, file: Self.archiveFile)
        let analyzer = PostAnalyzer(org: "goodcause", organization: nil, lexicon: .builtin)
        let kinds = out.posts.map { analyzer.analyze($0).kind }
        XCTAssertEqual(kinds, [.repost, .thread, .quote, .original])
    }

    func testOlderArchivesTweetJsAndElementsWithoutWrapper() {
        let bare = """
        window.YTD.tweet.part0 = [ {
          "id_str" : "31", "created_at" : "Sun May 04 21:59:52 +0000 2008", "full_text" : "early",
          "favorite_count" : "2", "retweet_count" : "1"
        } ]
        """
        let out = tier2Read(TweetsJSReader(), bare, file: Self.archiveFile)
        XCTAssertEqual(out.posts.map(\.id), ["31"])
        XCTAssertEqual(out.posts.first?.created, 1_209_938_392)
        XCTAssertNil(out.posts.first?.mentions, "no entities: mentions come from the text later")
    }

    func testSmallReadsGiveTheSameResult() {
        let text = Self.part((0..<30).map { Self.tweet("\(4000 + $0)", "post \($0) with \\\"quotes\\\" and ] brackets {") })
        let whole = tier2Read(TweetsJSReader(), text, file: Self.archiveFile)
        let tiny = tier2Read(TweetsJSReader(), text, file: Self.archiveFile, chunk: 3)
        XCTAssertEqual(whole.posts.count, 30)
        XCTAssertEqual(whole.posts.map(\.text), tiny.posts.map(\.text))
        XCTAssertEqual(whole.lines, tiny.lines)
        XCTAssertEqual(whole.posts.first?.text, "post 0 with \"quotes\" and ] brackets {")
    }

    func testAPartWithoutEqualsSignIsReadWithAWarning() {
        let text = "window.YTD.tweets.part0 [\n" + Self.tweet("41", "hi") + "\n]"
        let out = tier2Read(TweetsJSReader(), text, file: Self.archiveFile)
        XCTAssertEqual(out.posts.map(\.id), ["41"])
        XCTAssertEqual(out.warnings.count, 1)
        XCTAssertTrue(out.warnings[0].reason.contains("no `=`"), out.warnings[0].reason)
        // And a file with neither `=` nor an array is one reject, not a crash.
        let junk = tier2Read(TweetsJSReader(), "window.YTD.tweets.part0 nothing here", file: Self.archiveFile)
        XCTAssertEqual(junk.rejects.count, 1)
        XCTAssertTrue(junk.posts.isEmpty)
    }

    func testJSONThatEndsEarlyKeepsThePostsBeforeAndStops() throws {
        let text = Self.part([Self.tweet("51", "one"), Self.tweet("52", "two"), Self.tweet("53", "three")])
        let cut = String(text.prefix(text.count - 200))
        let out = tier2Read(TweetsJSReader(), cut, file: Self.archiveFile)
        XCTAssertEqual(out.posts.map(\.id), ["51", "52"])
        let error = try XCTUnwrap(out.error as? JSONStreamError)
        XCTAssertTrue(error.description.contains("ends early"), error.description)
        XCTAssertEqual(error.file, "data/tweets.js")
    }

    func testTheCatalogTurnsTheStopIntoOneRejectForTheRest() throws {
        let dir = try Tier2Folder()
        let text = Self.part([Self.tweet("61", "one"), Self.tweet("62", "two")])
        let path = try dir.write("goodcause/tweets.js", String(text.dropLast(30)))
        let file = ExportFile(path: path, displayPath: "goodcause/tweets.js", orgFromPath: "goodcause")
        let catalog = ReaderCatalog()
        let scanned = try catalog.scan(file).get()
        XCTAssertEqual(scanned.format, .tweetsJS)
        XCTAssertEqual(scanned.owner, "goodcause")
        var posts = 0
        let failure = catalog.read(scanned) { if case .post = $0 { posts += 1 } }
        XCTAssertEqual(posts, 1)
        XCTAssertTrue(failure?.reason.contains("file unreadable from here on") == true, "\(String(describing: failure))")
    }

    func testBadRecordsAreRejectsAndTheRestIsRead() {
        let text = Self.part([
            Self.tweet("71", "fine"),
            "{ \"tweet\" : { \"id_str\" : \"72\", \"created_at\" : \"yesterday\", \"full_text\" : \"bad time\" } }",
            "{ \"tweet\" : { \"created_at\" : \"Tue Dec 06 15:00:00 +0000 2022\", \"full_text\" : \"no id\" } }",
            "{ \"like\" : { \"tweetId\" : \"1\" } }",
            "{ \"tweet\" : { \"id_str\" : \"75\", , } }",
            "{ \"tweet\" : { \"id_str\" : \"1.6E+18\", \"created_at\" : \"Tue Dec 06 15:00:00 +0000 2022\" } }",
            Self.tweet("77", "bad count", likes: "\"many\""),
        ])
        let out = tier2Read(TweetsJSReader(), text, file: Self.archiveFile)
        XCTAssertNil(out.error)
        XCTAssertEqual(out.posts.map(\.id), ["71", "77"])
        XCTAssertEqual(out.rejects.map(\.reason), ["bad timestamp", "missing id", "not a post (no `tweet` object)",
                                                   "not a valid JSON object", "bad id: \"1.6E+18\""])
        XCTAssertEqual(out.warnings.count, 1, "an unreadable counter is a warning, the post is kept")
        XCTAssertNil(out.post("77")?.likes)
        XCTAssertEqual(out.posts.count + out.rejects.count, 7, "every record is a post or a reject")
    }

    func testInvalidUTF8IsRepairedWithAWarning() {
        var bytes = Array(Self.part([Self.tweet("81", "caf~")]).utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "~"))!
        bytes[at] = 0xE9 // Latin-1 é: not UTF-8
        let out = tier2Read(TweetsJSReader(), MemorySource(bytes), file: Self.archiveFile)
        XCTAssertEqual(out.posts.first?.text, "caf\u{FFFD}")
        XCTAssertEqual(out.warnings.count, 1)
    }

    func testWithoutAnAccountTheFileIsRejectedWhole() {
        let out = tier2Read(TweetsJSReader(), Self.part([Self.tweet("91", "x")]), file: ExportFile(path: "tweets.js"))
        XCTAssertTrue(out.posts.isEmpty)
        XCTAssertEqual(out.rejects.map(\.reason), ["unknown organization"])
        // The folder is the fallback; the archive's account wins over it.
        let byFolder = tier2Read(TweetsJSReader(), Self.part([Self.tweet("91", "x")]), file: ExportFile(path: "t.js", orgFromPath: "folder"))
        XCTAssertEqual(byFolder.posts.first?.org, "folder")
        let both = ExportFile(path: "t.js", orgFromPath: "folder", archive: ArchiveFacts(account: "owner"))
        XCTAssertEqual(tier2Read(TweetsJSReader(), Self.part([Self.tweet("91", "x")]), file: both).posts.first?.org, "owner")
    }

    func testLongPostsTakeTheirTextFromNoteTweets() throws {
        let dir = try Tier2Folder()
        let notes = """
        window.YTD.note_tweet.part0 = [
          { "noteTweet" : { "noteTweetId" : "999", "createdAt" : "2023-03-01T12:00:00.000Z",
            "core" : { "text" : "This is a long post that goes on well past the limit &amp; ends here.", "urls" : [ ] } } },
          { "noteTweet" : { "noteTweetId" : "998", "createdAt" : "2023-03-01T12:00:00.000Z",
            "core" : { "text" : "Another note of the same second, about something else entirely.", "urls" : [ ] } } }
        ]
        """
        let notesPath = try dir.write("data/note-tweet.js", notes)
        let file = ExportFile(path: "data/tweets.js", archive: ArchiveFacts(
            account: "goodcause", noteTweets: [ExportFile(path: notesPath)]))
        let text = Self.part([
            Self.tweet("101", "This is a long post that goes on well past the… https://t.co/x", created: "Wed Mar 01 12:00:00 +0000 2023"),
            Self.tweet("102", "A short post of the same second", created: "Wed Mar 01 12:00:00 +0000 2023"),
        ])
        let out = tier2Read(TweetsJSReader(), text, file: file)
        XCTAssertEqual(out.post("101")?.text, "This is a long post that goes on well past the limit & ends here.")
        XCTAssertEqual(out.post("102")?.text, "A short post of the same second", "no note starts like it")
    }

    func testTheStreamCapturesElementsExactlyAndSkipsOversizedOnes() throws {
        let text = "[ {\"a\": \"x]}\\\"\"}, 12.5e3 ,\n \"s\", [1, [2]], {\"big\": \"\(String(repeating: "z", count: 100))\"}, null ]"
        var json = JSONStream(source: SmallReadsSource(Array(text.utf8), chunk: 2), fileName: "t", bufferSize: 16, maxValueBytes: 50)
        try json.expect(UInt8(ascii: "["), "[")
        var captured: [String] = []
        var first = true
        while try json.nextElement(first: first) {
            first = false
            switch try json.captureValue() {
            case let .bytes(b): captured.append(String(decoding: b, as: UTF8.self))
            case let .tooLarge(size): captured.append("too large: \(size)")
            }
        }
        XCTAssertEqual(captured, ["{\"a\": \"x]}\\\"\"}", "12.5e3", "\"s\"", "[1, [2]]", "too large: 111", "null"])
        XCTAssertEqual(json.line, 2)
    }

    func testDetection() {
        XCTAssertEqual(FormatDetector.detect(Array(Self.part([Self.tweet("1", "x")]).utf8)), .tweetsJS)
        XCTAssertEqual(FormatDetector.detect(Array(Self.part([Self.tweet("1", "x")], name: "tweet").utf8)), .tweetsJS)
        XCTAssertEqual(FormatDetector.detect(Array(("[" + Self.tweet("1", "x") + "]").utf8)), .tweetsJS, "prefix edited away")
        XCTAssertNil(FormatDetector.detect(Array("window.YTD.like.part0 = [ ]".utf8)))
        XCTAssertEqual(FormatDetector.whyNotAnExport(Array("window.YTD.like.part0 = [ ]".utf8)),
                       "a Twitter archive file without posts (window.YTD.like)")
    }
}
