import Foundation
import XCTest
@testable import EarshotCore

/// T8: a Mastodon archive's outbox.json, with its known defects.
final class MastodonOutboxReaderTests: XCTestCase {
    static let user = "https://indieweb.social/users/dealingwith"

    static func create(_ n: String, content: String, published: String = "2022-11-10T15:00:00Z", inReplyTo: String? = nil,
                       tags: String = "", counters: String = "", to: String = "https://www.w3.org/ns/activitystreams#Public",
                       objectType: String = "Note") -> String {
        """
            {
              "id": "\(user)/statuses/\(n)/activity",
              "type": "Create",
              "actor": "\(user)",
              "published": "\(published)",
              "to": ["\(to)"],
              "object": {
                "id": "\(user)/statuses/\(n)",
                "type": "\(objectType)",
                "summary": null,
                "inReplyTo": \(inReplyTo.map { "\"\($0)\"" } ?? "null"),
                "published": "\(published)",
                "attributedTo": "\(user)",
                "content": "\(content)",
                "tag": [\(tags)]\(counters)
              }
            }
        """
    }

    static func announce(_ n: String, object: String, published: String = "2022-11-11T15:00:00Z") -> String {
        """
            {
              "id": "\(user)/statuses/\(n)/activity",
              "type": "Announce",
              "actor": "\(user)",
              "published": "\(published)",
              "to": ["https://www.w3.org/ns/activitystreams#Public"],
              "object": "\(object)"
            }
        """
    }

    /// An outbox with the duplicate-key defect: `orderedItems` first empty, then the items, and
    /// a `totalItems` that does not match.
    static func outbox(_ items: [String], duplicateKey: Bool = true) -> String {
        """
        {
          "@context": "https://www.w3.org/ns/activitystreams",
          "id": "outbox.json",
          "type": "OrderedCollection",
          "totalItems": 1234,\(duplicateKey ? "\n  \"orderedItems\": []," : "")
          "orderedItems": [
        \(items.joined(separator: ",\n"))
          ]
        }
        """
    }

    let file = ExportFile(path: "outbox.json", displayPath: "outbox.json")

    func testCreateNoteFieldsHTMLTextLinksAndTags() throws {
        let content = "<p>Hello <a href=\\\"https://indieweb.social/tags/Fediverse\\\" class=\\\"mention hashtag\\\" rel=\\\"tag\\\">#<span>Fediverse</span></a> "
            + "see <a href=\\\"https://example.org/post\\\" rel=\\\"nofollow\\\"><span class=\\\"invisible\\\">https://</span><span>example.org/post</span></a> "
            + "with <span class=\\\"h-card\\\"><a href=\\\"https://mastodon.social/@Gargron\\\" class=\\\"u-url mention\\\">@<span>Gargron</span></a></span></p><p>Q&amp;A</p>"
        let tags = """
        { "type": "Hashtag", "href": "https://indieweb.social/tags/fediverse", "name": "#Fediverse" },
        { "type": "Mention", "href": "https://mastodon.social/users/Gargron", "name": "@Gargron@mastodon.social" },
        { "type": "Emoji", "name": ":blob:" }
        """
        let counters = ",\n\"likes\": { \"id\": \"l\", \"type\": \"Collection\", \"totalItems\": 4 },\n\"shares\": { \"totalItems\": \"2\" }"
        let out = tier2Read(MastodonOutboxReader(), Self.outbox([Self.create("109300000000000001", content: content, tags: tags, counters: counters)]), file: file)
        XCTAssertNil(out.error)
        let post = try XCTUnwrap(out.posts.first)
        XCTAssertEqual(post.org, "dealingwith", "the username alone")
        XCTAssertEqual(post.id, "109300000000000001")
        XCTAssertEqual(post.created, 1_668_092_400)
        XCTAssertEqual(post.text, "Hello #Fediverse see https://example.org/post with @Gargron\n\nQ&A")
        XCTAssertEqual(post.expandedURLs, ["https://example.org/post"], "links kept, mention and hashtag anchors are not links")
        XCTAssertEqual(post.hashtags, ["Fediverse"])
        XCTAssertEqual(post.mentions, ["gargron"])
        XCTAssertEqual(post.likes, 4)
        XCTAssertEqual(post.reposts, 2)
        XCTAssertNil(post.replies)
        XCTAssertNil(post.marker)
        XCTAssertEqual(post.sources, [.mastodon])
    }

    func testCountersOnlyWherePresent() {
        let out = tier2Read(MastodonOutboxReader(), Self.outbox([Self.create("2", content: "<p>x</p>")]), file: file)
        XCTAssertNil(out.posts.first?.likes)
        XCTAssertNil(out.posts.first?.reposts)
    }

    func testDuplicateOrderedItemsKeyAndTotalItemsMismatch() {
        let items = (1...5).map { Self.create("10\($0)", content: "<p>post \($0)</p>") }
        let withDefect = tier2Read(MastodonOutboxReader(), Self.outbox(items), file: file)
        let without = tier2Read(MastodonOutboxReader(), Self.outbox(items, duplicateKey: false), file: file)
        XCTAssertEqual(withDefect.posts.map(\.id), ["101", "102", "103", "104", "105"])
        XCTAssertEqual(withDefect.posts.map(\.text), without.posts.map(\.text))
        XCTAssertTrue(withDefect.rejects.isEmpty && withDefect.warnings.isEmpty)
        // The empty array may also come last: the items are still all read.
        let emptyLast = Self.outbox(items, duplicateKey: false).replacingOccurrences(of: "\n  ]\n}", with: "\n  ],\n  \"orderedItems\": []\n}")
        XCTAssertEqual(tier2Read(MastodonOutboxReader(), emptyLast, file: file).posts.count, 5)
    }

    func testBoostsAreRepostsOfTheAccountInTheObjectURI() throws {
        let out = tier2Read(MastodonOutboxReader(), Self.outbox([
            Self.announce("201", object: "https://mastodon.social/users/Gargron/statuses/1"),
            Self.announce("202", object: "https://fosstodon.org/@someone/2"),
            Self.announce("203", object: "\(Self.user)/statuses/3"),
        ]), file: file)
        XCTAssertEqual(out.posts.map(\.id), ["201", "202", "203"], "the boost's own id, before /activity")
        XCTAssertEqual(out.posts.map(\.marker), [.repost(target: "gargron"), .repost(target: "someone"), .repost(target: "dealingwith")])
        XCTAssertEqual(out.posts[0].created, 1_668_178_800)
        let analyzer = PostAnalyzer(org: "dealingwith", organization: nil, lexicon: .builtin)
        XCTAssertEqual(analyzer.analyze(out.posts[2]).kind, .repost, "a self-boost is a (self-)repost")
    }

    func testRepliesTakeTheirTargetFromInReplyTo() {
        let out = tier2Read(MastodonOutboxReader(), Self.outbox([
            Self.create("301", content: "<p>@Gargron thanks</p>", inReplyTo: "https://mastodon.social/users/Gargron/statuses/9"),
            Self.create("302", content: "<p>and more</p>", inReplyTo: "\(Self.user)/statuses/301"),
            Self.create("303", content: "<p>to a pleroma post</p>", inReplyTo: "https://pleroma.example/objects/5a2c-11"),
        ]), file: file)
        XCTAssertEqual(out.posts.map(\.marker), [.reply(target: "gargron"), .reply(target: "dealingwith"), .reply(target: nil)])
        let analyzer = PostAnalyzer(org: "dealingwith", organization: nil, lexicon: .builtin)
        XCTAssertEqual(out.posts.map { analyzer.analyze($0).kind }, [.reply, .thread, .reply])
    }

    func testDirectAndFollowersOnlyPostsArePostsAndPollsToo() {
        let out = tier2Read(MastodonOutboxReader(), Self.outbox([
            Self.create("401", content: "<p>direct</p>", to: "https://mastodon.social/users/friend"),
            Self.create("402", content: "<p>followers</p>", to: "\(Self.user)/followers"),
            Self.create("403", content: "<p>which one?</p>", objectType: "Question"),
        ]), file: file)
        XCTAssertEqual(out.posts.map(\.id), ["401", "402", "403"])
    }

    func testUnknownActivityTypesAndOtherBadItemsAreRejects() {
        let out = tier2Read(MastodonOutboxReader(), Self.outbox([
            Self.create("501", content: "<p>fine</p>"),
            "{ \"id\": \"\(Self.user)/statuses/502/activity\", \"type\": \"Delete\", \"object\": \"x\" }",
            "{ \"id\": \"\(Self.user)/statuses/503/activity\", \"type\": \"Create\", \"object\": \"https://x/y\" }",
            Self.create("504", content: "<p>event</p>", objectType: "Event"),
            Self.create("505", content: "<p>when?</p>", published: "not a date"),
            "{ \"type\": \"Create\", \"object\": { \"type\": \"Note\", \"content\": \"<p>no id</p>\", \"published\": \"2022-11-10T15:00:00Z\" } }",
            "[1, 2]",
            "{ \"id\": \"x\" }",
        ]), file: file)
        XCTAssertNil(out.error)
        XCTAssertEqual(out.posts.map(\.id), ["501"])
        XCTAssertEqual(out.rejects.map(\.reason), [
            "unknown activity type `Delete`", "Create without the post itself (its object is only a link)",
            "Create of a `Event`, not a post", "bad timestamp", "missing id", "not a valid JSON object", "an item without a `type`",
        ])
        XCTAssertEqual(out.posts.count + out.rejects.count, 8)
    }

    func testTheAccountComesFromActorJsonWhenItemsDoNotNameIt() {
        let item = """
        { "id": "https://x.example/s/601", "type": "Create", "published": "2022-11-10T15:00:00Z",
          "object": { "id": "https://x.example/s/601", "type": "Note", "content": "<p>hi</p>", "published": "2022-11-10T15:00:00Z" } }
        """
        let facts = ExportFile(path: "outbox.json", archive: ArchiveFacts(account: "fromactor"))
        XCTAssertEqual(tier2Read(MastodonOutboxReader(), Self.outbox([item]), file: facts).posts.first?.org, "fromactor")
        XCTAssertEqual(tier2Read(MastodonOutboxReader(), Self.outbox([item]), file: file).rejects.map(\.reason), ["unknown organization"])
    }

    func testAnOutboxThatEndsEarlyKeepsTheItemsBefore() throws {
        let text = Self.outbox((1...3).map { Self.create("70\($0)", content: "<p>\($0)</p>") })
        let out = tier2Read(MastodonOutboxReader(), String(text.prefix(text.count - 120)), file: file, chunk: 5)
        XCTAssertEqual(out.posts.map(\.id), ["701", "702"])
        XCTAssertNotNil(out.error as? JSONStreamError)
    }

    func testDetectionAndTheActorFile() {
        XCTAssertEqual(FormatDetector.detect(Array(Self.outbox([]).utf8)), .mastodon)
        let actor = """
        { "@context": ["https://www.w3.org/ns/activitystreams"], "id": "https://indieweb.social/users/dealingwith",
          "type": "Person", "preferredUsername": "DealingWith", "name": "D" }
        """
        XCTAssertNil(FormatDetector.detect(Array(actor.utf8)))
        XCTAssertEqual(FormatDetector.whyNotAnExport(Array(actor.utf8)), "a Mastodon archive's actor (no posts)")
        XCTAssertEqual(ArchiveAccount.handle(fileName: "actor.json", source: MemorySource(actor)), "dealingwith")
        XCTAssertEqual(ArchiveAccount.handle(fileName: "actor.json", source: MemorySource("{ \"id\": \"https://h.example/users/Bob\" }")), "bob")
    }

    func testStatusIDsAndUsernames() {
        XCTAssertEqual(MastodonOutboxReader.statusID("https://h/users/a/statuses/123/activity"), "123")
        XCTAssertEqual(MastodonOutboxReader.statusID("https://h/users/a/statuses/123"), "123")
        XCTAssertNil(MastodonOutboxReader.statusID("https://h/users/a/statuses/1 2"))
        XCTAssertEqual(MastodonOutboxReader.username(fromActorURI: "https://h/users/Ab_c"), "ab_c")
        XCTAssertEqual(MastodonOutboxReader.username(fromActorURI: "https://h/@who/55"), "who")
        XCTAssertEqual(MastodonOutboxReader.username(fromActorURI: "acct:me@h"), "me")
        XCTAssertNil(MastodonOutboxReader.username(fromActorURI: "https://h/objects/1"))
    }
}
