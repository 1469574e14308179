import Foundation
import XCTest
@testable import EarshotCore

/// The registry's `accounts` column (outputs.md): Mastodon and Bluesky identities of an
/// organization; files and records naming one belong to it (formats.md rule 1).
final class RegistryAccountsTests: XCTestCase {
    func registry(_ csv: String) throws -> Registry {
        try RegistryLoader.load(MemorySource(csv), name: "organizations.csv")
    }

    func testAccountKeys() {
        XCTAssertEqual(Registry.accountKey("@RedCross@Mastodon.Social"), "redcross@mastodon.social")
        XCTAssertEqual(Registry.accountKey("redcross@mastodon.social"), "redcross@mastodon.social")
        XCTAssertEqual(Registry.accountKey("@redcross.bsky.social"), "redcross.bsky.social")
        XCTAssertEqual(Registry.accountKey("RedCross.org"), "redcross.org")
        XCTAssertEqual(Registry.accountKey("did:plc:ABC123"), "did:plc:abc123")
        for bad in ["redcross", "@redcross", "did:plc", "a@b", "a@b@c.d", "https://bsky.app/profile/x.bsky.social", "x..bsky.social", ""] {
            XCTAssertNil(Registry.accountKey(bad), bad)
        }
    }

    func testTheColumnIsReadAndChecked() throws {
        let r = try registry("handle,sector,accounts\nredcross,nonprofit,@redcross@mastodon.social; redcross.bsky.social did:plc:aaa\ncity,public,\n")
        XCTAssertEqual(r.organization("redcross")?.accounts, ["redcross@mastodon.social", "redcross.bsky.social", "did:plc:aaa"])
        XCTAssertEqual(r.accounts, ["redcross@mastodon.social": "redcross", "redcross.bsky.social": "redcross", "did:plc:aaa": "redcross"])
        XCTAssertEqual(try registry("handle,sector\nx,other\n").accounts, [:], "the column is optional")
        XCTAssertThrowsError(try registry("handle,sector,accounts\na,other,redcross\n")) { error in
            XCTAssertEqual((error as? RegistryError)?.line, 2)
            XCTAssertTrue("\(error)".contains("`redcross` in accounts is not a Mastodon account"), "\(error)")
        }
        XCTAssertThrowsError(try registry("handle,sector,accounts\na,other,did:plc:x\nb,other,DID:plc:x\n")) { error in
            XCTAssertEqual((error as? RegistryError)?.line, 3)
            XCTAssertTrue("\(error)".contains("already `a`'s (line 2)"), "\(error)")
        }
    }

    func testGoatFileNamesAndAccountFolders() throws {
        XCTAssertEqual(InputDiscovery.blueskyHandle(fromFileName: "RedCross.bsky.social.20241120.car"), "redcross.bsky.social")
        XCTAssertEqual(InputDiscovery.blueskyHandle(fromFileName: "redcross.org.1732100000.car.gz"), "redcross.org")
        XCTAssertNil(InputDiscovery.blueskyHandle(fromFileName: "repo.car"))
        XCTAssertNil(InputDiscovery.blueskyHandle(fromFileName: "bluesky-fakermaker.repo.car"))
        let r = try registry("handle,sector,accounts\nredcross,nonprofit,@redcross@mastodon.social\namericanrc,nonprofit,arc.example.org\n")
        let discovery = InputDiscovery(registry: r)
        XCTAssertEqual(discovery.blueskyOrganization(fromFileName: "redcross.bsky.social.1.car"), "redcross", "first label is a registry handle")
        XCTAssertEqual(discovery.blueskyOrganization(fromFileName: "arc.example.org.1.car"), "americanrc", "named by accounts")
        XCTAssertEqual(discovery.blueskyOrganization(fromFileName: "Someone.Else.social.1.car"), "someone.else.social")
        let dir = try Tier2Folder()
        try dir.write("in/@redcross@mastodon.social/outbox.json", "{}")
        try dir.write("in/elsewhere/redcross.bsky.social.1.car", "x")
        let files = try discovery.files(in: [dir.path + "/in"])
        XCTAssertEqual(files.map(\.fallbackOrg), ["redcross", "redcross"])
    }

    func testMastodonRecordsNamingAnAccountBelongToItsOrganization() {
        let outbox = """
        {"type": "OrderedCollection", "orderedItems": [
          {"type": "Create", "actor": "https://mastodon.social/users/rc",
           "object": {"type": "Note", "id": "https://mastodon.social/users/rc/statuses/1", "published": "2022-11-21T10:00:00Z",
                      "content": "<p>hi</p>", "attributedTo": "https://mastodon.social/users/rc"}},
          {"type": "Announce", "actor": "https://other.example/users/rc", "id": "https://other.example/users/rc/statuses/2/activity",
           "published": "2022-11-21T10:00:00Z", "object": "https://x.example/users/y/statuses/3"}]}
        """
        let out = tier2Read(MastodonOutboxReader(accounts: ["rc@mastodon.social": "redcross"]), MemorySource(outbox),
                            file: ExportFile(path: "outbox.json"))
        XCTAssertEqual(out.posts.map(\.org), ["redcross", "rc"], "only the account on its own server is the organization's")
    }
}
