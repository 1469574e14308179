import Foundation
import XCTest

/// Fixtures/platforms: one organization on three platforms (Twitter, Mastodon, Bluesky), found
/// through the registry's `accounts`, and the per-platform tables computed by hand (EXPECTED.md).
final class PlatformsReportTests: XCTestCase {
    func testPerPlatformTablesMatchTheHandComputation() throws {
        let dir = try Workdir()
        try dir.copyFixture("platforms/exports", to: "exports")
        try dir.copyFixture("platforms/organizations.csv", to: "organizations.csv")
        let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out", "--posts"])
        XCTAssertFalse(run.crashed, run.stderr)
        XCTAssertEqual(run.status, 0, run.stderr)
        for table in ["org_platforms.csv", "sector_platform_months.csv"] {
            let expected = try Fixtures.data("platforms/expected/" + table)
            let actual = try dir.read("out/" + table)
            assertSameBytes(actual, expected, "platforms " + table)
        }
        let summary = try Summary(try dir.read("out/summary.json"))
        summary.checkRecordsAddUp()
        XCTAssertEqual(summary.totals["records"], 9)
        XCTAssertEqual(summary.totals["posts"], 9)
        XCTAssertEqual(summary.totals["duplicates"], 0, "1000001 on Twitter and on Mastodon are two posts")
        let clinic = try XCTUnwrap(summary.file("bsky/clinic.bsky.social.1733000000.car"))
        XCTAssertEqual(clinic["format"] as? String, "bluesky")
        XCTAssertEqual(clinic["org"] as? String, "riverclinic")
        XCTAssertEqual(clinic["ignored"] as? [String: Int], ["app.bsky.graph.follow": 1])
        XCTAssertEqual(try XCTUnwrap(summary.file("oak-export/repo.car"))["org"] as? String, "oakfund")
        XCTAssertEqual(try XCTUnwrap(summary.file("mastodon/outbox.json"))["org"] as? String, "riverclinic")

        let rows = SimpleCSV.rows(String(decoding: try gunzip(try dir.read("out/posts.csv.gz")), as: UTF8.self))
        XCTAssertEqual(Array(rows[0].prefix(4)), ["org", "platform", "id", "created"])
        XCTAssertEqual(rows.dropFirst().map { "\($0[0]) \($0[1]) \($0[2]) \($0[4]) \($0[5])" }, [
            "cityzoo twitter 900000000000000101 original ",
            "oakfund bluesky 3lc1 reply did:plc:someoneelse000000000000",
            "riverclinic twitter 900000000000000001 original ",
            "riverclinic twitter 900000000000000002 reply someone",
            "riverclinic twitter 1000001 original ",
            "riverclinic mastodon 1000001 original ",
            "riverclinic mastodon 1000002 repost nurse",
            "riverclinic bluesky 3lb1 original ",
            "riverclinic bluesky 3lb2 repost riverclinic",
        ])
    }
}
