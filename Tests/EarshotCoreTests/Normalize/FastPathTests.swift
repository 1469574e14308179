import XCTest
@testable import EarshotCore

/// The byte-level fast paths added for speed must give exactly what the general code gives:
/// each test runs both on the same inputs, the awkward ones included.
final class StatusURLFastPathTests: XCTestCase {
    static let links = [
        "https://twitter.com/RedCross/status/1234567890",
        "http://twitter.com/redcross/statuses/1234567890",
        "https://www.twitter.com/RedCross/status/12/photo/1",
        "https://WWW.Twitter.COM/RedCross/status/12/video/2",
        "https://mobile.twitter.com/a_b/status/99?s=20",
        "https://x.com/a/status/1#reply",
        "https://twitter.com/#!/old_style/status/42",
        "https://twitter.com:443/port/status/7",
        "https://twitter.com//double//status//8",
        "https://twitter.com/a/status/1/photo/x",
        "https://twitter.com/a/status/1/likes/2",
        "https://twitter.com/a/status/1/photo/1/extra",
        "https://twitter.com/a/status/",
        "https://twitter.com/a-b/status/1",
        "https://twitter.com/a/status/1x",
        "https://twitter.com",
        "https://twitter.com/",
        "ftp://twitter.com/a/status/1",
        "twitter.com/a/status/1",
        "HTTPS://twitter.com/a/status/1",
        "https://www./a/status/1",
        "",
        "https://mastodon.social/@Gargron/109",
        "https://mastodon.social/@/109",
        "https://mastodon.social/@Gar-gron/109",
        "https://mastodon.social/users/Gargron/statuses/109",
        "https://mastodon.social/users/Gargron/status/109",
        "https:///@a/1",
        "https://host:8080/@a/1?x#y",
        "https://user@host/@a/1",
        "https://twitter.com/a\r\n/status/1",
        "https://twitter.com/a/status/1\r\n",
        // Not ASCII: the general path answers.
        "https://twitter.com/café/status/1",
        "https://twïtter.com/a/status/1",
        "https://mastodon.social/@a/1\u{301}",
        "https://twitter.com/a/\u{301}status/1",
    ]

    func testBytesAndCharactersAgree() {
        for link in Self.links {
            for mastodon in [false, true] {
                XCTAssertEqual(StatusURL.parse(link, mastodon: mastodon), StatusURL.parseText(link, mastodon: mastodon),
                               "\(link.debugDescription) mastodon: \(mastodon)")
            }
        }
    }

    func testSomeAnswers() {
        XCTAssertEqual(StatusURL.parse("https://WWW.Twitter.COM/RedCross/status/12/video/2"), StatusURL(user: "redcross", id: "12"))
        XCTAssertEqual(StatusURL.parse("https://twitter.com/#!/old_style/status/42"), StatusURL(user: "old_style", id: "42"))
        XCTAssertNil(StatusURL.parse("https://mastodon.social/@Gargron/109", mastodon: false))
        XCTAssertEqual(StatusURL.parse("https://mastodon.social/@Gargron/109"), StatusURL(user: "gargron", id: "109"))
        XCTAssertNil(StatusURL.parse("https://twitter.com/a/status/1/photo/1/extra"))
    }
}

/// Scanning reads only the first KiB of a file's head to find its owner; a first post cut short
/// by that probe must not decide.
final class OwnerProbeTests: XCTestCase {
    let header = "\"Tweet id\",\"Tweet permalink\",\"Tweet text\",\"time\",\"impressions\",\"engagements\"\n"
    let file = ExportFile(path: "x.csv", orgFromName: "carol")

    func row(_ id: Int, _ user: String, text: String, time: String = "2016-12-23 18:50 +0000") -> String {
        "\"\(id)\",\"https://twitter.com/\(user)/status/\(id)\",\"\(text)\",\"\(time)\",\"10\",\"1\"\n"
    }

    func owner(_ csv: String) -> String? {
        ReaderCatalog.firstPostOrganization(Array(csv.utf8), reader: AnalyticsExportReader(), file: file)
    }

    func testFirstPostWithinTheProbe() {
        var csv = header + row(1, "Alice", text: "hello") + row(2, "bob", text: "hi")
        csv += String(repeating: row(3, "bob", text: "filler"), count: 200)
        XCTAssertGreaterThan(csv.utf8.count, ReaderCatalog.ownerProbeBytes.last!)
        XCTAssertEqual(owner(csv), "alice")
    }

    /// One post per line, its organization the line's text: a line cut by the probe is a post
    /// of another organization, as a format with its handle column last would give.
    struct LineReader: ExportReader {
        var format: ExportFormat { .mappedCSV }
        func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                bytes += chunk[..<n]
            }
            for (i, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
                let org = String(decoding: line, as: UTF8.self)
                emit(.post(Post(org: org, id: "\(i)", created: 0, text: "", format: .mappedCSV), line: i + 1))
            }
        }
    }

    func testFirstPostCutByTheProbe() {
        let first = String(repeating: "b", count: ReaderCatalog.ownerProbeBytes.last! + 10)
        let head = Array((first + "\nsecond\n").utf8)
        XCTAssertEqual(ReaderCatalog.firstPostOrganization(head, reader: LineReader(), file: file), first)
        let short = Array(("alice\n" + first + "\n").utf8)
        XCTAssertEqual(ReaderCatalog.firstPostOrganization(short, reader: LineReader(), file: file), "alice")
    }

    func testSmallHeadIsReadWhole() {
        XCTAssertEqual(owner(header + row(5, "Dora", text: "only one")), "dora")
        XCTAssertNil(owner(header + row(5, "Dora", text: "bad", time: "never")))
    }
}

final class TextFastPathTests: XCTestCase {
    func testRetweetedAuthorBytesAndCharactersAgree() {
        let texts = [
            "RT @RedCross: help", "RT @a_b1:", "RT @:", "RT @", "RT  @x: y", "rt @x: y", "RT @x", "RT @Ab-c: d",
            " RT @lead: space", "\u{3000}RT @wide: space", "\tRT @tab: x", "RT @abc\u{301}: combining",
            "RT @\u{301}abc: combining", "R\u{301}T @x: y", "RT @x\r\n: y", "RT @Émile: x", "RT @abc😀", "", "R", "RT",
            "Not a retweet", "é RT @x: y",
        ]
        for text in texts {
            XCTAssertEqual(PostText.retweetedAuthor(text), PostText.retweetedAuthorText(text), text.debugDescription)
        }
        XCTAssertEqual(PostText.retweetedAuthor("RT @RedCross: help"), "redcross")
        XCTAssertEqual(PostText.retweetedAuthor("RT @abc\u{301}: x"), "ab")
    }

    func testListSplitsOnSeparatorsAndWhiteSpaceOnce() {
        XCTAssertEqual(PostText.list("https://a.org/x,https://a.org/x, https://b.org\thttps://c.org", separators: [ASCII.comma]),
                       ["https://a.org/x", "https://b.org", "https://c.org"])
        XCTAssertEqual(PostText.list(",, ,", separators: [ASCII.comma]), [])
        // A separator above 63 (`|`), and a byte whose bit would alias a low separator (`l` is 0x6C = 0x2C + 64).
        XCTAssertEqual(PostText.list("a|b,c|a", separators: [UInt8(ascii: "|")]), ["a", "b,c"])
        XCTAssertEqual(PostText.list("http://l.org,x", separators: [ASCII.comma]), ["http://l.org", "x"])
        XCTAssertEqual(PostText.list("#día #été,#día", separators: [ASCII.space, ASCII.comma]), ["#día", "#été"])
        XCTAssertEqual(PostText.list("", separators: [ASCII.space]), [])
    }

    func testHeaderNamesAreTrimmedAndLowerCased() {
        let names = FormatDetector.headerNames(Array("\"Tweet ID\", time ,\tImpressions\t,\u{00A0}Eng\u{00C9}\u{00A0}\n1,2,3,4\n".utf8))
        XCTAssertEqual(names, ["tweet id", "time", "impressions", "engé"])
    }

    func testScalarsRoundTrip() {
        // Runs of ASCII longer than eight bytes (read a word at a time) around other scalars.
        let long = ["Join us this Saturday at the park!", "12345678é12345678😀abcdefghi", "abcdefg😀", "😀abcdefgh", "abcdefgh"]
        for text in ["", "plain", "Été ☕️ 😀 \u{301}", "\u{0}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"] + long {
            XCTAssertEqual(Scalars.of(text), Array(text.unicodeScalars))
            XCTAssertEqual(Scalars.string(Array(text.unicodeScalars)), text)
        }
        XCTAssertEqual(Scalars.string(Array("AbC_9".unicodeScalars), lowercasingASCII: true), "abc_9")
    }

    func testAsciiFastLowercasedMatchesLowercased() {
        for text in ["", "abc", "Tweet Permalink", "ÉCOLE", "straße", "İstanbul", "MIXed ünicode"] {
            XCTAssertEqual(text.asciiFastLowercased(), text.lowercased())
        }
    }

    /// The common forms skip the general scanner: for every variant of them, valid or not, the
    /// shortcut either declines or gives the general scanner's instant.
    func testCommonTimestampFormsAgreeWithTheGeneralScanner() {
        let iso: [[String]] = [
            ["2015", "1999", "0999", "20a5"], ["-"], ["08", "12", "13", "00", "02"], ["-"], ["22", "29", "31", "30", "00", "1"],
            [" ", "T", "t", "  "], ["22", "23", "24", "00", "9"], [":"], ["45", "59", "60", "5"],
            ["", ":29", ":60", ":61", ":29.123", ":29,5", ":2"],
            ["", " +0000", " -0500", " +0530", " +2400", " +0060", "Z", " Z", "z", " +00:00", " +01", " GMT", "  +0000", " +0000 "],
        ]
        XCTAssertGreaterThan(shortcutsTaken(iso), 1_000)
        // The API v1 form, with names in any case and every piece varied.
        let v1: [[String]] = [
            ["Sun", "sun", "SUN", "Sux", "Su1", "Mon"], [" "], ["May", "may", "MAY", "Mat", "Dec", "Feb"], [" "], ["04", "31", "29", "00", "4 "],
            [" "], ["21", "24", "00"], [":"], ["59", "60"], [":"], ["52", "60", "61"], [" "], ["+0000", "-0500", "+2400", "+0060", "x0000"],
            [" "], ["2008", "2000", "1900", "0999", "20x8"],
        ]
        XCTAssertGreaterThan(shortcutsTaken(v1), 100)
        XCTAssertEqual(Timestamp.parse("Sun May 04 21:59:52 +0000 2008"), 1_209_938_392)
        // Hand-computed: 2015-08-22 22:45:29 at -05:00 is 03:45:29 UTC the next day.
        XCTAssertEqual(Timestamp.parse("2015-08-22 22:45:29 -0500"), 1_440_283_529 + 5 * 3600)
        XCTAssertEqual(Timestamp.parse("2015-08-22T22:45:29.000Z"), 1_440_283_529)
    }

    /// Random texts made of one choice per piece (the first choice, a valid one, half the time);
    /// checks each against the general scanner and returns how many the shortcut took.
    private func shortcutsTaken(_ pieces: [[String]], texts: Int = 20_000) -> Int {
        var generator = SystemRandomNumberGenerator()
        var taken = 0
        for _ in 0..<texts {
            let text = pieces.map { choices in
                Bool.random(using: &generator) ? choices[0] : choices.randomElement(using: &generator)!
            }.joined()
            let bytes = Array(text.utf8)
            let (fast, general) = bytes.withUnsafeBufferPointer { (Timestamp.commonForm($0), Timestamp.parseAnyForm(utf8: $0)) }
            if let fast {
                XCTAssertEqual(fast, general, text)
                taken += 1
            }
            XCTAssertEqual(Timestamp.parse(text), general, text)
        }
        return taken
    }

    func testTimestampFromBytesMatchesText() {
        for text in ["2015-08-22 22:45:29 +0000", "2016-12-23 18:50 +0000", "Sun May 04 21:59:52 +0000 2008", "nonsense", ""] {
            XCTAssertEqual(Timestamp.parse(utf8: Array(text.utf8)), Timestamp.parse(text))
        }
    }
}

/// Post ids that are numbers are indexed by value and length; others by text.
final class PostIndexTests: XCTestCase {
    /// Enough ids to grow the table several times, ids that differ only in length, and a
    /// replaced position.
    func testManyNumericIdsThroughGrowth() {
        var index = PostIndex()
        var ids: [String] = []
        for k in 0..<20_000 { ids.append(String(1_275_074_326_940_353_175 &+ k &* 7_919)) }
        ids += (1...19).map { String(repeating: "0", count: $0) }
        for (i, id) in ids.enumerated() { index.add(id, at: i) }
        for (i, id) in ids.enumerated() { XCTAssertEqual(index.position(of: id), i, id) }
        XCTAssertNil(index.position(of: "00000000000000000000"), "20 digits: a text key, never added")
        XCTAssertNil(index.position(of: "1275074326940353176"))
        index.add(ids[5], at: 99)
        XCTAssertEqual(index.position(of: ids[5]), 99)
    }

    /// Room reserved up front (an organization's files tell roughly how many posts): ids added
    /// before and after reserving, beyond the reserve too, are all found.
    func testReservedRoom() {
        var index = PostIndex()
        index.add("7", at: 0)
        index.reserve(3_000)
        index.reserve(10)  // never shrinks
        let ids = (1...9_000).map { String(9_000_000_000 + $0 * 13) }
        for (i, id) in ids.enumerated() { index.add(id, at: i + 1) }
        XCTAssertEqual(index.position(of: "7"), 0)
        for (i, id) in ids.enumerated() { XCTAssertEqual(index.position(of: id), i + 1, id) }
        XCTAssertNil(index.position(of: "8"))
    }

    func testNumbersWithLeadingZerosAndLongIdsStayApart() {
        var index = PostIndex()
        let ids = ["123", "0123", "00123", "9999999999999999999", "99999999999999999999", "12a", "", "1234567890123456789012"]
        for (i, id) in ids.enumerated() { index.add(id, at: i) }
        for (i, id) in ids.enumerated() { XCTAssertEqual(index.position(of: id), i, id) }
        XCTAssertNil(index.position(of: "124"))
        XCTAssertNil(index.position(of: "1234567890123456789013"))
    }
}
