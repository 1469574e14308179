import XCTest
@testable import EarshotCore

/// The optimised feature pass must give exactly what the pre-optimisation reference
/// (`ReferenceFeatures.swift`) gives, on random posts built from the pieces where the scanners
/// have their edge cases.
final class PostFeaturesPropertyTests: XCTestCase {
    /// SplitMix64: a fixed seed makes a failure reproducible.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    static let pieces: [String] = [
        "RT @x: ", "RT @RedCross: ", "RT @abc_1:", "  RT @x:", "RT @:", "RT @x ", "rt @x: ", "RT @Über: ",
        "@redcross ", "@RedCross", "@Foo, @bar: ", "@x", ".@x", "@", "@@y", "@_", "@x:", "@x,",
        "http://a.org/x", "https://redcross.org/give.", "www.RedCross.org/a?b=1),", "https://t.co/abc",
        "https://twitter.com/someone/status/123", "https://twitter.com/redcross/status/99",
        "https://x.com/RedCross/status/12?s=20", "http://", "https://", "www.", "www.x", "wwww.y.org",
        "https://mastodon.social/@bob/456", "https://mastodon.social/users/alice/statuses/7",
        "medium.com/@someone", "foo@bar", "x@y", "httpx", "http:/a", "https://café.org/é",
        "http://bit.ly/Q\u{2019}", "https://a.org/\u{00A0}b", "https://a.org/(x)\"'", "xhttps://b.org",
        "#RedCrossDay", "#redcrossday", "#rc", "#RC", "#r", "#café", "#CAFÉ", "#İstanbul", "#istanbul", "#donate", "#", "##a",
        "a#b", "#_", "#1", "#ÉTÉ", "#été", "#\u{212A}elvin", "#kelvin",
        "donate", "Donate now", "give today", "thank you", "Thanks", "what do you think", "?", "who",
        "Red Cross", "American Red Cross", "AMERICAN  RED\u{00A0}CROSS", "redcross", "redcrossers",
        "follow @", "follow @ropensci", "follow  @x", "join us", "we're hiring", "we\u{2019}re hiring",
        "jul 30", "July 30th", "sept. 3", "jul 05", "dec 31st", "may 32", "4:30 pm", "9am", "14:05",
        "12:60", "13pm", "0:00", "09am", "12 pm", "1:05am", "next week", "this  week", "this week",
        "tomorrow", "Tonight", "friday", "Webinar", "webinar", "talk", "conference", "event",
        "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{201E}", "\u{2032}", "\u{2033}", "don\u{2019}t miss",
        "É", "İ", "ß", "Σ", "ΣΑΣ", "ǅ", "Ⅻ", "٣", "e\u{301}", "\u{212A}", "Straße",
        "\u{00A0}", "\u{3000}", "\u{2028}", "😀", "👍🏽", "🇺🇸", "\n", "\r\n", "\t", " ", " ", " ", " ",
        ",", ":", ";", ".", "!", ")", "(", "\"", "'", "_", "-", "/", "abc", "word", "123", "30", "h", "w",
        // Version 2: organization asks, standing, launches and the `new` + launch-noun window.
        "new", "New", "NEW", "newest", "renew", "news", "brand-new", "version", "package", "#rstats", "Release",
        "pkg", "app", "site", "post", "new version", "new release", "our new", "is out", "launching", "award",
        "proud", "first-ever", "team member", "shop", "one-stop shop", "newsletter", "see you", "call", "Talk",
        "community call", "q&a", "drop-in", "mark your calendar", "CDC recommends", "call your doctor", "call your senator",
        "do your part", "get boosted", "check out our", "come and", "pop in", "last chance", "what do you", "you", "your",
    ]

    static let urlPieces: [String] = [
        "https://t.co/a", "http://bit.ly/c", "https://redcross.org", "HTTP://WWW.RedCross.ORG:80/x",
        "https://user@news.redcross.org/", "https://redcross.org.evil.com/", "https://notredcross.org",
        "www.redcross.org/give", "https://café.org/", "https://RÉDCROSS.org", "https://twitter.com/bob/status/5",
        "https://twitter.com/redcross/status/6", "https://mastodon.social/@RedCross/77", "", "redcross.org",
        "https://a.b/#x", "https://a.b?x=@y", "mailto:x@redcross.org", "https://LNKD.in/x", "https://w.redcross.org",
        "https://fr.redcross.org/", "https://REDCROSS.ORG.", "https://xn--caf-dma.org/", "https://t.co\u{0}/x", "http://user:pw@BIT.LY:8080/a", "https://a@b@c.org:1:2/",
    ]

    static func text(_ random: inout Random) -> String {
        var text = ""
        for _ in 0..<random.below(14) {
            text += random.pick(pieces)
            if random.chance(60) { text += random.pick([" ", " ", " ", ", ", "\n"]) }
        }
        return text
    }

    static func post(_ random: inout Random) -> Post {
        let formats = ExportFormat.allCases
        let markers: [StructuralMarker?] = [
            nil, nil, nil, .reply(target: nil), .reply(target: "RedCross"), .reply(target: "@bob"), .reply(target: ""),
            .repost(target: nil), .repost(target: "redcross"), .repost(target: "Alice"),
            .quote(target: nil), .quote(target: "redcross"), .quote(target: "carol"),
        ]
        let urls: [String]? = random.chance(60) ? nil : (0..<random.below(4)).map { _ in random.pick(urlPieces) }
        let mentions: [String]? = random.chance(70) ? nil
            : (0..<random.below(4)).map { _ in random.pick(["RedCross", "@bob", "bob", "", "Über", "x_1"]) }
        let repostedText: String? = random.chance(70) ? nil : random.chance(20) ? "" : text(&random)
        var p = Post(org: "redcross", id: random.pick(["5", "6", "99", "123"]), created: 0, text: text(&random),
                     format: random.pick(formats), expandedURLs: urls, mentions: mentions,
                     marker: random.pick(markers), repostedText: repostedText)
        if random.chance(10) { p.sources.insert(.mastodon) }
        if random.chance(10) { p.textReplyAllowed = true }
        return p
    }

    static let organizations: [Organization?] = [
        Organization(handle: "redcross", name: "American Red Cross", sector: .nonprofit, subsector: "humanitarian",
                     domains: ["redcross.org", "WWW.Give.RedCross.org"], hashtags: ["RedCrossDay", "#ÉtéRouge", "RC"],
                     aliases: ["Red Cross", "Croix-Rouge"], followers: 1000),
        Organization(handle: "redcross", name: "Café İstanbul", sector: .nonprofit, subsector: "x",
                     domains: ["café.org", "www."], hashtags: ["İstanbul", "\u{212A}elvin", "#"], aliases: [], followers: nil),
        Organization(handle: "redcross", name: "Red Cross", sector: .nonprofit, subsector: "x",
                     domains: [], hashtags: [], aliases: [], followers: nil),
        Organization(handle: "redcross", name: "Red Cross", sector: .nonprofit, subsector: "x",
                     domains: ["t.co", "bit.ly", "REDCROSS.ORG"], hashtags: ["rc", "redcrossday"], aliases: [], followers: nil),
        nil,
    ]

    /// Version 2 (built in) and version 1 (the file in the repository, with its rule).
    static let lexicons: [Lexicon] = [.builtin, MetricsFixtures.builtinV1]

    func testFeaturesMatchTheReferenceOnRandomPosts() {
        var random = Random(state: 20_261_127)
        var checked = 0
        var promotional = 0, launches = 0
        for (organization, lexicon) in Self.organizations.flatMap({ o in Self.lexicons.map { (o, $0) } }) {
            let analyzer = PostAnalyzer(org: "RedCross", organization: organization, lexicon: lexicon)
            let reference = RefPostAnalyzer(org: "RedCross", organization: organization, lexicon: lexicon)
            // One workspace each for all posts, as `OrgAnalysis` does: storage reuse is tested too.
            var workspace = PostWorkspace()
            var referenceWorkspace = RefPostWorkspace()
            for _ in 0..<4000 {
                let p = Self.post(&random)
                let got = analyzer.analyze(p, workspace: &workspace)
                let want = reference.analyze(p, workspace: &referenceWorkspace)
                if got != want {
                    XCTFail("features differ for \(String(reflecting: p.text)) marker \(String(describing: p.marker)) urls \(String(describing: p.expandedURLs)):\n got \(got)\nwant \(want)")
                    return
                }
                checked += 1
                if got.promotional { promotional += 1 }
                if got.launch { launches += 1 }
            }
        }
        XCTAssertEqual(checked, 40000)
        // The random posts reach the rule's parts (a test that cannot fail otherwise).
        XCTAssertGreaterThan(promotional, 4000)
        XCTAssertGreaterThan(launches, 1000)
    }

    func testScannersMatchTheReferenceOnRandomTexts() {
        var random = Random(state: 7)
        for _ in 0..<8000 {
            let text = Self.text(&random)
            XCTAssertEqual(TextScanner.urls(in: text), RefTextScanner.urls(in: text), String(reflecting: text))
            XCTAssertEqual(TextScanner.mentions(in: text), RefTextScanner.mentions(in: text), String(reflecting: text))
            XCTAssertEqual(TextScanner.hashtags(in: text), RefTextScanner.hashtags(in: text), String(reflecting: text))
            for strip in [false, true] {
                let body = PostBody(text: text, stripLeadingMentions: strip)
                let want = RefPostBody(text: text, stripLeadingMentions: strip)
                XCTAssertEqual(body.scalars, want.scalars, String(reflecting: text))
                XCTAssertEqual(body.isWord, want.isWord, String(reflecting: text))
            }
            for url in Self.urlPieces + TextScanner.urls(in: text) {
                XCTAssertEqual(TextScanner.host(of: url), RefTextScanner.host(of: url), url)
            }
        }
    }

    /// Every scalar is lower-cased and folded as before (the Latin-1 shortcut included).
    func testLoweringMatchesTheReferenceForEveryScalar() {
        var got: [Unicode.Scalar] = [], want: [Unicode.Scalar] = []
        var differences = 0
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            got.removeAll(keepingCapacity: true)
            want.removeAll(keepingCapacity: true)
            PostBody.appendLowercasedFolded(s, to: &got)
            RefPostBody.appendLowercasedFolded(s, to: &want)
            if got != want { differences += 1 }
        }
        XCTAssertEqual(differences, 0)
    }
}
