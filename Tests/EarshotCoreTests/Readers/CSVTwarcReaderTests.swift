import XCTest
@testable import EarshotCore

final class CSVTwarcReaderTests: XCTestCase {
    let twarc2: (Int) -> any ExportReader = { Twarc2Reader(bufferSize: $0) }
    let twarc1: (Int) -> any ExportReader = { Twarc1Reader(bufferSize: $0) }
    let file = ExportFile(path: "/in/collection.csv", displayPath: "collection.csv")

    /// A cut-down twarc2 header (column order shuffled on purpose: columns go by name).
    let twarc2Header = "id,created_at,text,author.username,referenced_tweets.replied_to.id,referenced_tweets.retweeted.id,"
        + "referenced_tweets.quoted.id,in_reply_to_username,retweeted_username,quoted_username,"
        + "public_metrics.impression_count,public_metrics.reply_count,public_metrics.retweet_count,"
        + "public_metrics.quote_count,public_metrics.like_count,entities.hashtags,entities.mentions,entities.urls,"
        + "author.public_metrics.followers_count\n"

    func testTwarc2Rows() throws {
        let rows = [
            // An original by one account, with escaped newlines and entities.
            ##"1,2021-09-22T16:37:29.000Z,"Line one\n\nLine two &amp; C:\\new",RedCross,,,,,,,,0,1,2,3,"[""#Brexit"", ""#eu""]","[""@Oxfam""]","[""https://redcross.org/a"", ""pic.twitter.com/xyz""]",34920"##,
            // A repost by another account: the original's text and counters are kept.
            ##"2,2021-09-22T16:37:20.000Z,Original text,Oxfam,,99,,,CarolJHedges,,,1,22,0,20,,,,2485"##,
            // A reply that also quotes: reply comes first.
            ##"3,2022-10-03T18:00:23.000Z,@wongmjane Test \nhttps://t.co/r,RedCross,90,,91,WongMJane,,wongmjane,5000,1,0,0,1,,"[{""username"": ""WongMJane""}]","[{""expanded_url"": ""https://twitter.com/wongmjane/status/91""}]",107"##,
            // A quote.
            ##"4,2022-10-03T18:00:23.000Z,look,redcross,,,92,,,Someone,,,,,,[],[],[],"##,
            // Unreadable entities: a warning, the text decides.
            ##"5,2022-10-03T18:00:23.000Z,x,redcross,,,,,,,,,,,,[broken,,,"##,
            // No author: no organization.
            ##"6,2022-10-03T18:00:23.000Z,x,,,,,,,,,,,,,,,,"##,
            ##"7,not a time,x,redcross,,,,,,,,,,,,,,,"##,
        ]
        let out = try readExport(twarc2, twarc2Header + rows.joined(separator: "\n") + "\n", file: file)
        XCTAssertEqual(out.posts.map(\.id), ["1", "2", "3", "4", "5"])
        XCTAssertEqual(out.posts.map(\.org), ["redcross", "oxfam", "redcross", "redcross", "redcross"])

        let original = out.posts[0]
        XCTAssertEqual(original.text, "Line one\n\nLine two & C:\\\new")
        XCTAssertEqual(original.created, 1_632_328_649)
        XCTAssertEqual(original.hashtags, ["Brexit", "eu"])
        XCTAssertEqual(original.mentions, ["oxfam"])
        XCTAssertEqual(original.expandedURLs, ["https://redcross.org/a", "https://pic.twitter.com/xyz"])
        XCTAssertNil(original.impressions, "empty impression_count is unknown")
        XCTAssertEqual(original.replies, 0)
        XCTAssertEqual(original.reposts, 1)
        XCTAssertEqual(original.quotes, 2)
        XCTAssertEqual(original.likes, 3)
        XCTAssertEqual(original.authorFollowers, 34920)
        XCTAssertNil(original.marker)
        XCTAssertNil(original.repostedText)
        XCTAssertFalse(original.textReplyAllowed)

        let repost = out.posts[1]
        XCTAssertEqual(repost.marker, .repost(target: "caroljhedges"))
        XCTAssertEqual(repost.likes, 20, "a repost keeps the original's counters; metrics ignore them")
        XCTAssertEqual(repost.reposts, 22)
        XCTAssertEqual(repost.repostedText, "Original text")
        XCTAssertEqual(repost.hashtags, [], "the column exists: an empty cell means none")

        let reply = out.posts[2]
        XCTAssertEqual(reply.marker, .reply(target: "wongmjane"))
        XCTAssertEqual(reply.text, "@wongmjane Test \nhttps://t.co/r")
        XCTAssertEqual(reply.mentions, ["wongmjane"])
        XCTAssertEqual(reply.expandedURLs, ["https://twitter.com/wongmjane/status/91"])
        XCTAssertEqual(reply.impressions, 5000)

        XCTAssertEqual(out.posts[3].marker, .quote(target: "someone"))
        XCTAssertEqual(out.posts[3].expandedURLs, [])
        XCTAssertNil(out.posts[3].authorFollowers)

        XCTAssertNil(out.posts[4].hashtags)
        XCTAssertEqual(out.warnings.map(\.line), [6])
        XCTAssertTrue(out.warnings[0].reason.contains("entities.hashtags"))

        XCTAssertEqual(out.rejects.map(\.reason), ["unknown organization", "bad timestamp"])
        XCTAssertEqual(out.rejects.map(\.line), [7, 8])
    }

    func testTwarc2AuthorlessRowTakesTheFolder() throws {
        let inFolder = ExportFile(path: "/in/redcross/c.csv", displayPath: "redcross/c.csv", orgFromPath: "redcross")
        let text = twarc2Header + "6,2022-10-03T18:00:23.000Z,x,,,,,,,,,,,,,,,,\n"
        let out = try readExport(twarc2, text, file: inFolder)
        XCTAssertEqual(out.posts.map(\.org), ["redcross"])
    }

    func testNewlineUnescaping() {
        XCTAssertEqual(Twarc.unescapeNewlines(#"a\nb"#), "a\nb")
        XCTAssertEqual(Twarc.unescapeNewlines(#"a\\nb"#), "a\\\nb", "backslashes are not escaped by twarc-csv")
        XCTAssertEqual(Twarc.unescapeNewlines(#"C:\temp\"#), #"C:\temp\"#)
        XCTAssertEqual(Twarc.unescapeNewlines("no escapes"), "no escapes")
    }

    /// The columns of twarc v1 `json2csv` (twarc/json2csv.py), in its order.
    let twarc1Header = "id,tweet_url,created_at,parsed_created_at,user_screen_name,text,tweet_type,coordinates,hashtags,"
        + "media,urls,favorite_count,in_reply_to_screen_name,in_reply_to_status_id,in_reply_to_user_id,lang,place,"
        + "possibly_sensitive,retweet_count,retweet_or_quote_id,retweet_or_quote_screen_name,retweet_or_quote_user_id,"
        + "source,user_id,user_created_at,user_default_profile_image,user_description,user_favourites_count,"
        + "user_followers_count,user_friends_count,user_listed_count,user_location,user_name,user_statuses_count,"
        + "user_time_zone,user_urls,user_verified\n"

    func twarc1Row(id: String, created: String = "Wed Sep 25 12:21:49 +0000 2019", user: String, text: String,
                   type: String, hashtags: String = "", urls: String = "", likes: String = "0",
                   replyTo: String = "", replyStatus: String = "", retweets: String = "0",
                   other: String = "", followers: String = "10") -> String {
        let fields = [id, "https://twitter.com/\(user)/status/\(id)", created, "2019-09-25 12:21:49+00:00", user,
                      "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"", type, "", hashtags, "", urls,
                      likes, replyTo, replyStatus, "", "en", "", "False", "\"" + retweets + "\"", other.isEmpty ? "" : "77", other,
                      other.isEmpty ? "" : "78", "web", "1", "", "False", "", "0", followers, "0", "0", "", "", "0",
                      "", "", "False"]
        return fields.joined(separator: ",")
    }

    func testTwarc1JSON2CSV() throws {
        let rows = [
            twarc1Row(id: "10", user: "RedCross", text: "Hello &amp; \"welcome\"\nsecond line", type: "original",
                      hashtags: "help Red", urls: "https://redcross.org https://redcross.org", likes: "5",
                      retweets: "1,234", followers: "2000"),
            twarc1Row(id: "11", user: "redcross", text: "@oxfam yes", type: "reply", replyTo: "Oxfam", replyStatus: "9"),
            twarc1Row(id: "12", user: "Oxfam", text: "RT @RedCross: Hello", type: "retweet", retweets: "40",
                      other: "RedCross"),
            twarc1Row(id: "13", user: "oxfam", text: "so true", type: "quote", likes: "x", other: "Someone"),
            twarc1Row(id: "14", created: "", user: "oxfam", text: "no time", type: "original"),
        ]
        let out = try readExport(twarc1, twarc1Header + rows.joined(separator: "\r\n") + "\r\n", file: file)
        XCTAssertEqual(out.posts.map(\.id), ["10", "11", "12", "13"])
        XCTAssertEqual(out.posts.map(\.org), ["redcross", "redcross", "oxfam", "oxfam"])
        let first = out.posts[0]
        XCTAssertEqual(first.text, "Hello & \"welcome\"\nsecond line")
        XCTAssertEqual(first.created, 1_569_414_109)
        XCTAssertEqual(first.hashtags, ["help", "Red"])
        XCTAssertEqual(first.expandedURLs, ["https://redcross.org"])
        XCTAssertNil(first.mentions, "json2csv has no mentions column: the text decides")
        XCTAssertEqual(first.likes, 5)
        XCTAssertEqual(first.reposts, 1234)
        XCTAssertNil(first.replies)
        XCTAssertNil(first.quotes)
        XCTAssertEqual(first.authorFollowers, 2000)
        XCTAssertNil(first.marker)
        XCTAssertEqual(out.posts[1].marker, .reply(target: "oxfam"))
        XCTAssertEqual(out.posts[1].hashtags, [])
        XCTAssertEqual(out.posts[2].marker, .repost(target: "redcross"))
        XCTAssertEqual(out.posts[2].reposts, 40)
        XCTAssertEqual(out.posts[3].marker, .quote(target: "someone"))
        XCTAssertNil(out.posts[3].likes)
        // The first row takes two lines.
        XCTAssertEqual(out.warnings.map(\.line), [6])
        XCTAssertEqual(out.rejects.map(\.reason), ["bad timestamp"])
        XCTAssertEqual(out.rejects.map(\.line), [7])
    }

    /// Entity cells of plain strings skip JSONSerialization; whatever they give is what it gives,
    /// and anything else is left to it.
    func testPlainStringArraysReadAsJSONSerializationReadsThem() throws {
        XCTAssertEqual(Twarc.plainStringArray(#"["@YusufPatel2"]"#), ["@YusufPatel2"])
        XCTAssertEqual(Twarc.plainStringArray(##" [ "#a" , "#Zoë✓" ] "##), ["#a", "#Zoë✓"])
        XCTAssertEqual(Twarc.plainStringArray("[ ]"), [])
        for other in [#"["a\"b"]"#, #"[{"username":"x"}]"#, #"["a",]"#, #"["a" "b"]"#, #"[1]"#, #""a""#, "[\"a\tb\"]", #"["a""#, "["] {
            XCTAssertNil(Twarc.plainStringArray(other), other)
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["[", "]", "\"", ",", " ", "a", "é", "\\", "{", "}", ":", "1", "\t", "@x", "#y"]
        var plain = 0
        for _ in 0..<20_000 {
            var cell = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            if Bool.random(using: &generator) { cell = "[\"" + cell + "\"]" }
            guard let fast = Twarc.plainStringArray(cell) else { continue }
            plain += 1
            let slow = (try? JSONSerialization.jsonObject(with: Data(cell.utf8))) as? [Any]
            XCTAssertEqual(slow?.compactMap { $0 as? String }, fast, cell)
            XCTAssertEqual(slow?.count, fast.count, cell)
        }
        XCTAssertGreaterThan(plain, 1_000)
    }
}
