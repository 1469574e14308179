import Foundation
import XCTest
@testable import EarshotCore

/// Zip archives and archive folders as inputs: entries listed in name order with their display
/// paths, the archive's account applied to its entries, and unreadable parts skipped with reasons.
final class ArchiveDiscoveryTests: XCTestCase {
    static let account = "window.YTD.account.part0 = [ { \"account\" : { \"username\" : \"GoodCause\", \"accountId\" : \"1\" } } ]"
    static let manifest = "window.__THAR_CONFIG = { \"userInfo\" : { \"accountId\" : \"1\", \"userName\" : \"FromManifest\" } }"

    static func tweets(_ ids: [String], name: String = "tweets") -> String {
        TweetsJSReaderTests.part(ids.map { TweetsJSReaderTests.tweet($0, "post \($0)") }, name: name)
    }

    static func twitterArchive() throws -> Data {
        try zipFoundationArchive([
            ("data/account.js", Array(account.utf8)),
            ("data/manifest.js", Array(manifest.utf8)),
            ("data/tweets.js", Array(tweets(["1", "2"]).utf8)),
            ("data/tweets-part1.js", Array(tweets(["3"]).utf8)),
            ("data/like.js", Array("window.YTD.like.part0 = [ ]".utf8)),
            ("data/note-tweet.js", Array("window.YTD.note_tweet.part0 = [ ]".utf8)),
            ("data/tweets_media/1-abc.jpg", [0xFF, 0xD8, 0xFF, 0xE0]),
            ("Your archive.html", Array("<html></html>".utf8)),
        ])
    }

    func testATwitterArchiveZipListsItsTweetsPartsWithTheAccount() throws {
        let dir = try Tier2Folder()
        try dir.write("in/twitter-2024.zip", data: try Self.twitterArchive())
        let files = try InputDiscovery(registry: nil).files(in: [dir.path + "/in"])
        XCTAssertEqual(files.map(\.displayPath), ["twitter-2024.zip", "twitter-2024.zip/data/tweets-part1.js", "twitter-2024.zip/data/tweets.js"])
        let whole = files[0]
        // Counted, not reported as skipped (issue 14): the archive's posts are read.
        XCTAssertEqual(SkippedFile(path: whole.displayPath, reason: whole.skipReason ?? "").archiveEntriesNotRead, 6)
        for file in files.dropFirst() {
            XCTAssertNotNil(file.zipEntry)
            XCTAssertNil(file.skipReason)
            XCTAssertEqual(file.archive?.account, "goodcause", "account.js wins over manifest.js")
            XCTAssertEqual(file.archive?.noteTweets.map(\.displayPath), ["twitter-2024.zip/data/note-tweet.js"])
            XCTAssertEqual(file.fallbackOrg, "goodcause")
        }

        // Through the pipeline: every post is the archive account's.
        let outcome = Pipeline(registry: nil, threads: 2).run(files) { handle, posts in (handle, posts.map(\.id).sorted()) }
        XCTAssertEqual(outcome.organizations.map(\.handle), ["goodcause"])
        XCTAssertEqual(outcome.organizations.first?.result.1, ["1", "2", "3"])
        XCTAssertEqual(outcome.skipped.map(\.path), ["twitter-2024.zip"])
        XCTAssertEqual(outcome.totals.records, 3)
        XCTAssertEqual(outcome.files.map(\.file.format), [.tweetsJS, .tweetsJS])
    }

    func testTheManifestGivesTheAccountWhenAccountJsIsAbsent() throws {
        let dir = try Tier2Folder()
        let zip = try zipFoundationArchive([("data/manifest.js", Array(Self.manifest.utf8)), ("data/tweet.js", Array(Self.tweets(["9"], name: "tweet").utf8))])
        let path = try dir.write("a.zip", data: zip)
        let files = try InputDiscovery(registry: nil).files(in: [path])
        let tweets = try XCTUnwrap(files.first { $0.displayPath.hasSuffix("tweet.js") })
        XCTAssertEqual(tweets.archive?.account, "frommanifest")
        XCTAssertEqual(tweets.displayPath, path + "/data/tweet.js")
    }

    func testAMastodonArchiveZipReadsItsOutboxWithTheActor() throws {
        let dir = try Tier2Folder()
        let actor = "{ \"id\": \"https://h.example/users/Alice\", \"type\": \"Person\", \"preferredUsername\": \"Alice\" }"
        let zip = try zipFoundationArchive([
            ("actor.json", Array(actor.utf8)),
            ("outbox.json", Array(MastodonOutboxReaderTests.outbox([MastodonOutboxReaderTests.create("1", content: "<p>x</p>")]).utf8)),
            ("likes.json", Array("{}".utf8)),
            ("media_attachments/files/1.png", [0x89, 0x50]),
        ])
        try dir.write("m/archive-2024.zip", data: zip)
        let files = try InputDiscovery(registry: nil).files(in: [dir.path + "/m"])
        XCTAssertEqual(files.map(\.displayPath), ["archive-2024.zip", "archive-2024.zip/outbox.json"])
        XCTAssertEqual(files[1].archive?.account, "alice")
        XCTAssertEqual(SkippedFile(path: "", reason: files[0].skipReason ?? "").archiveEntriesNotRead, 3, "\(String(describing: files[0].skipReason))")
    }

    func testAnyOtherZipIsReadEntryByEntryWithFolderAttribution() throws {
        let dir = try Tier2Folder()
        let layoutA = "tweet_id,in_reply_to_status_id,in_reply_to_user_id,retweeted_status_id,retweeted_status_user_id,timestamp,source,text,expanded_urls\n"
            + "5,,,,,2015-08-22 22:45:29 +0000,web,hello,\n"
        let zip = try zipFoundationArchive([("exports/redcross/tweets.csv", Array(layoutA.utf8)), ("acme.csv", Array(layoutA.utf8)),
                                            ("../escape.csv", Array(layoutA.utf8))])
        try dir.write("in/bundle.zip", data: zip)
        try dir.write("in/acme.zip", data: try zipFoundationArchive([("tweets.csv", Array(layoutA.utf8))]))
        let registry = Registry([Organization(handle: "redcross", sector: .nonprofit), Organization(handle: "acme", sector: .commercial)])
        let files = try InputDiscovery(registry: registry).files(in: [dir.path + "/in"])
        XCTAssertEqual(files.map(\.displayPath), ["acme.zip/tweets.csv", "bundle.zip/../escape.csv", "bundle.zip/acme.csv",
                                                   "bundle.zip/exports/redcross/tweets.csv"])
        XCTAssertEqual(files[0].orgFromPath, "acme", "the archive's name counts as a folder")
        XCTAssertEqual(files[1].skipReason, "unsafe name in the zip archive (an absolute path or `..`): ignored")
        XCTAssertEqual(files[3].orgFromPath, "redcross", "folders inside the archive count")

        let outcome = Pipeline(registry: registry, threads: 2).run(files) { handle, posts in posts.count }
        XCTAssertEqual(outcome.organizations.map(\.handle), ["acme", "redcross"])
        XCTAssertEqual(outcome.skipped.map(\.path), ["bundle.zip/../escape.csv"])
        // bundle.zip/acme.csv has no registry folder: one `unknown organization` reject, not a skip.
        XCTAssertEqual(outcome.findings.filter { $0.severity == .reject }.map(\.file), ["bundle.zip/acme.csv"])
    }

    func testATruncatedZipIsOneSkippedInputWithTheReason() throws {
        let dir = try Tier2Folder()
        let whole = try Self.twitterArchive()
        try dir.write("in/cut.zip", data: whole.prefix(whole.count / 2))
        let files = try InputDiscovery(registry: nil).files(in: [dir.path + "/in"])
        XCTAssertEqual(files.map(\.displayPath), ["cut.zip"])
        XCTAssertEqual(files[0].skipReason,
                       "not a readable zip archive: no end-of-central-directory record (the archive is truncated, or not a zip)")
        let scanned = Pipeline(registry: nil, threads: 1).scan(files)
        XCTAssertEqual(scanned.skipped.map(\.reason), [files[0].skipReason!])
    }

    func testAnEntryClaimingAHugeSizeIsSkippedAndTheOthersRead() throws {
        let dir = try Tier2Folder()
        var zip = HandZip()
        zip.zip64 = true
        zip.entries = [.init(name: "acme/a.csv", bytes: Array(repeating: 65, count: 2000), declaredSize: 1 << 42,
                             declaredCompressedSize: 2000, method: 8),
                       .init(name: "acme/tweets.csv", bytes: Array(("tweet_id,timestamp,text\n77,2015-08-22 22:45:29 +0000,hi\n").utf8))]
        try dir.write("in/x.zip", data: Data(zip.build()))
        let files = try InputDiscovery(registry: nil).files(in: [dir.path + "/in"])
        XCTAssertEqual(files.map(\.displayPath), ["x.zip/acme/a.csv", "x.zip/acme/tweets.csv"])
        XCTAssertTrue(files[0].skipReason?.contains("possible zip bomb") == true)
        let outcome = Pipeline(registry: nil, threads: 1).run(files) { _, posts in posts.map(\.id) }
        XCTAssertEqual(outcome.organizations.first?.result, ["77"], "the other entry is read")
        XCTAssertEqual(outcome.skipped.count, 1)
    }

    func testALooseArchiveFolderGivesItsAccountToTheFilesBesideIt() throws {
        let dir = try Tier2Folder()
        try dir.write("archive/data/account.js", Self.account)
        try dir.write("archive/data/tweets.js", Self.tweets(["1"]))
        try dir.write("archive/data/note-tweet.js", "window.YTD.note_tweet.part0 = [ ]")
        try dir.write("archive/other/tweets.js", Self.tweets(["2"]))
        let files = try InputDiscovery(registry: nil).files(in: [dir.path + "/archive"])
        let tweets = try XCTUnwrap(files.first { $0.displayPath == "data/tweets.js" })
        XCTAssertEqual(tweets.archive?.account, "goodcause")
        XCTAssertEqual(tweets.archive?.noteTweets.map(\.displayPath), ["data/note-tweet.js"])
        XCTAssertNil(files.first { $0.displayPath == "other/tweets.js" }?.archive, "another folder is another archive")
    }

    func testATweetsJsNamedDirectlyStillFindsTheAccountBesideIt() throws {
        let dir = try Tier2Folder()
        try dir.write("archive/data/account.js", Self.account)
        let path = try dir.write("archive/data/tweets.js", Self.tweets(["1"]))
        let files = try InputDiscovery(registry: nil).files(in: [path])
        XCTAssertEqual(files.map(\.archive?.account), ["goodcause"])
    }

    func testZipEntryNameChecks() {
        XCTAssertTrue(ArchiveFileNames.isTweetsPart("tweets.js"))
        XCTAssertTrue(ArchiveFileNames.isTweetsPart("tweet-part12.js"))
        XCTAssertFalse(ArchiveFileNames.isTweetsPart("tweet-headers.js"))
        XCTAssertFalse(ArchiveFileNames.isTweetsPart("tweetdeck.js"))
        XCTAssertFalse(ArchiveFileNames.isTweetsPart("deleted-tweets.js"))
    }
}
