import Foundation
import XCTest

/// Issue 14: a report of one's own download without a registry, the verdict caveats, and the
/// command line's front door (usage errors, mistyped commands, doctor without a registry).
final class OwnArchiveTests: XCTestCase {
    /// A layout B legacy archive (no account inside) with `posts` posts in June 2015; every
    /// fourth links to acme.com (the destination known, so link coverage is 1).
    static func archive(posts: Int) -> String {
        var lines = ["tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,"
            + "retweeted_status_user_id,retweeted_status_timestamp,expanded_urls"]
        for i in 0..<posts {
            let day = String(format: "%02d", i % 28 + 1)
            let link = i % 4 == 0
            let text = link ? "News from the shop https://t.co/x\(i)" : "A note about the weather \(i)"
            lines.append("\(640000000000000000 + i),,,2015-06-\(day) 10:00:00 +0000,web,\(text),,,,\(link ? "https://www.acme.com/news/\(i)" : "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func organization(_ dir: Workdir, _ out: String, _ handle: String) throws -> [String: String] {
        let rows = SimpleCSV.records(try dir.readText(out + "/organizations.csv"))
        return try XCTUnwrap(rows.first { $0["handle"] == handle }, "a row for \(handle)")
    }

    /// Hand-computed: 40 posts, 10 with a link to acme.com. Without a registry and without
    /// --domain the links cannot be recognised as its own: promo share 0 is a lower bound.
    func testUnregisteredOrganizationIsALowerBound() throws {
        let dir = try Workdir(#function)
        try dir.write("downloads/acme/tweets.csv", Self.archive(posts: 40))
        let run = try dir.run(["report", "downloads/acme", "--out", "out"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let acme = try organization(dir, "out", "acme")
        XCTAssertEqual(acme["sector"], "unregistered")
        XCTAssertEqual(acme["posts"], "40")
        XCTAssertEqual(acme["own_link_posts"], "0")
        XCTAssertEqual(acme["link_coverage"], "1.0000")
        XCTAssertEqual(acme["promo_verdict_caveat"], "lower_bound")
        XCTAssertEqual(acme["dialogue_verdict_caveat"], "")
        XCTAssertEqual(acme["caveat_reasons"], "own_domains_unknown")
        let page = try dir.readText("out/orgs/acme.html")
        XCTAssertTrue(page.contains("No web domain of its own is known"), "the page says why")
        let index = try dir.readText("out/index.html")
        XCTAssertTrue(index.contains("lower bound: own domains unknown"))
        XCTAssertTrue(index.contains("Verdict caveats"), "the methodology documents the columns")

        // Said on the command line: a one-row registry; the 10 links are its own (10/40).
        let told = try dir.run(["report", "downloads/acme", "--sector", "commercial", "--domain", "https://acme.com/", "--name", "Acme", "--out", "told"])
        XCTAssertEqual(told.status, 0, told.stderr)
        let registered = try organization(dir, "told", "acme")
        XCTAssertEqual(registered["sector"], "commercial")
        XCTAssertEqual(registered["name"], "Acme")
        XCTAssertEqual(registered["own_link_posts"], "10")
        XCTAssertEqual(registered["promo_share"], "0.2500")
        XCTAssertEqual(registered["promo_verdict_caveat"], "")
        XCTAssertEqual(registered["caveat_reasons"], "")
        XCTAssertFalse(try dir.readText("told/orgs/acme.html").contains("How far these verdicts go"))
    }

    /// 5 posts, under the default minimum of 30: both verdicts unreliable; --min-posts 5 lifts it.
    func testUnderTheMinimumOfPostsIsUnreliable() throws {
        let dir = try Workdir(#function)
        try dir.write("tweets.csv", Self.archive(posts: 5))
        let run = try dir.run(["report", "tweets.csv", "--org", "@Acme", "--domain", "acme.com", "--out", "out"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let acme = try organization(dir, "out", "acme")
        XCTAssertEqual(acme["posts"], "5")
        XCTAssertEqual(acme["promo_verdict_caveat"], "unreliable")
        XCTAssertEqual(acme["dialogue_verdict_caveat"], "unreliable")
        XCTAssertEqual(acme["caveat_reasons"], "few_posts")
        let page = try dir.readText("out/orgs/acme.html")
        XCTAssertTrue(page.contains("Only 5 posts, fewer than the 30 a verdict needs"), "the page says why")
        XCTAssertTrue(page.contains("moves each share by 20.0%"), "one post of 5 is 20 points")

        let lowered = try dir.run(["report", "tweets.csv", "--org", "acme", "--domain", "acme.com", "--min-posts", "5", "--out", "five"])
        XCTAssertEqual(lowered.status, 0, lowered.stderr)
        XCTAssertEqual(try organization(dir, "five", "acme")["caveat_reasons"], "")
        XCTAssertTrue(try dir.readText("five/summary.json").contains("\"min_posts\": 5"))
    }

    /// The spec's 38 columns come first, unchanged; the caveats follow.
    func testCaveatColumnsAreAppended() throws {
        let dir = try Workdir(#function)
        try dir.write("acme/tweets.csv", Self.archive(posts: 3))
        XCTAssertEqual(try dir.run(["report", "acme", "--out", "out"]).status, 0)
        let header = try dir.readText("out/organizations.csv").split(separator: "\n")[0].split(separator: ",").map(String.init)
        XCTAssertEqual(header.count, 41)
        XCTAssertEqual(Array(header[36...]), ["promo_verdict", "dialogue_verdict", "promo_verdict_caveat",
                                               "dialogue_verdict_caveat", "caveat_reasons"])
    }

    func testFileWithoutAccountSaysToUseOrg() throws {
        let dir = try Workdir(#function)
        try dir.write("tweets.csv", Self.archive(posts: 3))
        let run = try dir.run(["report", "tweets.csv", "--out", "out"])
        XCTAssertEqual(run.status, 2, "the one record is a reject")
        XCTAssertTrue(run.stderr.contains("say whose they are with --org HANDLE"), run.stderr)
    }

    func testSectorNeedsOneAccount() throws {
        let dir = try Workdir(#function)
        try dir.write("in/acme/tweets.csv", Self.archive(posts: 3))
        try dir.write("in/civic/tweets.csv", Self.archive(posts: 3))
        let run = try dir.run(["report", "in/acme", "in/civic", "--sector", "public", "--out", "out"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("the files name 2 accounts (@acme, @civic): say which with --org HANDLE"), run.stderr)
        XCTAssertFalse(dir.exists("out"))
    }

    func testNoInputsIsAUsageErrorThatSaysWhatToType() throws {
        let dir = try Workdir(#function)
        let run = try dir.run([])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("earshot report ~/Downloads/twitter-archive.zip --out my-report"), run.stderr)
        XCTAssertFalse(dir.exists("Reports"))
        let merge = try dir.run(["doctor"])
        XCTAssertEqual(merge.status, 64)
    }

    func testMistypedCommandSuggestsTheClosest() throws {
        let dir = try Workdir(#function)
        let run = try dir.run(["reprot"])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("did you mean `earshot report`?"), run.stderr)
        let doctor = try dir.run(["doctr", "x"])
        XCTAssertTrue(doctor.stderr.contains("did you mean `earshot doctor`?"), doctor.stderr)
    }

    func testHelpTextHasNoStrayDefaultsOrBackslashes() throws {
        let dir = try Workdir(#function)
        for command in ["report", "merge", "doctor"] {
            let help = try dir.run([command, "--help"]).stdout
            XCTAssertFalse(help.contains("(default: all cores). (default:"), "\(command): \(help)")
            XCTAssertFalse(help.split(separator: "\n").contains { $0.hasSuffix("\\") }, "\(command): a line ends in a backslash")
        }
    }

    func testDoctorWithoutRegistryLooksAtTheFiles() throws {
        let dir = try Workdir(#function)
        try dir.write("acme/tweets.csv", Self.archive(posts: 3))
        let run = try dir.run(["doctor", "acme/tweets.csv"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("files: 1 recognised (legacy-archive 1)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("@acme (1 file)"), run.stdout)
    }

    func testNoLockFileBesideAnOutputNeverWritten() throws {
        let dir = try Workdir(#function)
        let run = try dir.run(["report", "missing-folder", "--out", "never"])
        XCTAssertEqual(run.status, 1)
        XCTAssertFalse(dir.exists(".never.earshot-lock"), "the lock of a folder that was never written is removed")
        try dir.write("acme/tweets.csv", Self.archive(posts: 3))
        XCTAssertEqual(try dir.run(["report", "acme", "--out", "written"]).status, 0)
        XCTAssertTrue(dir.exists("written/index.html"))
    }
}

/// `--quiet` over the repository's SampleData: at most 15 lines; the JSON log has every finding.
final class QuietSampleDataTests: XCTestCase {
    func testQuietRunOverSampleDataFitsInFifteenLines() throws {
        let dir = try Workdir(#function)
        let sample = Earshot.packageRoot.appendingPathComponent("SampleData").path
        let arguments = ["report", "--registry", sample + "/organizations.csv", sample + "/exports", "--out", "out"]
        let quiet = try dir.run(arguments + ["--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertLessThanOrEqual(quiet.stderrLines.count, 15, quiet.stderr)
        XCTAssertTrue(quiet.stdout.isEmpty)
        XCTAssertFalse(quiet.stderr.contains("skipped"), "archives whose posts were read are not skipped:\n\(quiet.stderr)")
        let rejects = SimpleCSV.records(try dir.readText("out/rejects.csv")).count
        XCTAssertTrue(quiet.stderr.contains("\(rejects) reject"), "the count of rejects.csv:\n\(quiet.stderr)")

        let json = try dir.run(arguments + ["--out", "json", "--log-format", "json"])
        XCTAssertEqual(json.status, 0)
        let warnings = json.stderrLines.filter { $0.contains("\"level\":\"warning\"") }
        XCTAssertGreaterThanOrEqual(warnings.count, rejects, "a JSON line for each finding:\n\(json.stderr)")
        let summary = try dir.readText("out/summary.json")
        XCTAssertTrue(summary.contains("\"archive_entries_not_read\""), "the archives' other entries are counted")
    }
}
