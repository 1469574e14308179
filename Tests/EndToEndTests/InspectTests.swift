import Foundation
import XCTest

/// `earshot inspect`: for a person checking an export before a run. The exact layout of the
/// text is the program's; these tests look for the facts (format, organization, records, posts
/// by kind, rejects), computed by hand for the golden fixtures (see golden/EXPECTED.md).
final class InspectTests: XCTestCase {
    func goldenWorkdir(_ name: String = #function) throws -> Workdir {
        let dir = try Workdir(name)
        try dir.copyFixture("golden/exports", to: "exports")
        try dir.copyFixture("golden/organizations.csv", to: "organizations.csv")
        return dir
    }

    /// `count` posts of `kind`, written as `original 4`, `original: 4` or `4 original`.
    func assertKind(_ output: String, _ kind: String, _ count: Int, file: StaticString = #filePath, line: UInt = #line) {
        let pattern = "(\\b\(kind)s?:?\\s+\(count)\\b)|(\\b\(count)\\s+\(kind)s?\\b)"
        XCTAssertNotNil(output.range(of: pattern, options: .regularExpression), "\(kind) \(count) in:\n\(output)",
                        file: file, line: line)
    }

    func line(_ output: String, containing word: String) -> String? {
        output.split(separator: "\n").map(String.init).first { $0.lowercased().contains(word) }
    }

    func testLegacyArchiveShowsFormatOrganizationRecordsKindsAndRejects() throws {
        let dir = try goldenWorkdir()
        let before = dir.listing(".")
        let run = try dir.run(["inspect", "exports/helpinghands/2015/tweets.csv.gz"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = run.stdout
        XCTAssertTrue(out.contains("exports/helpinghands/2015/tweets.csv.gz"), "names the file:\n\(out)")
        let format = try XCTUnwrap(line(out, containing: "format"), out)
        XCTAssertTrue(format.lowercased().contains("legacy") || format.lowercased().contains("archive"), format)
        XCTAssertTrue(try XCTUnwrap(line(out, containing: "organization")).contains("helpinghands"), "from the path:\n\(out)")
        let records = try XCTUnwrap(line(out, containing: "records"))
        XCTAssertNotNil(records.range(of: "\\b10\\b", options: .regularExpression), records)
        XCTAssertTrue(records.contains("9 posts"), records)
        XCTAssertNotNil(records.range(of: "\\b1 reject", options: .regularExpression), records)
        // The archive alone: H1 H7 H10 H11 original, H2 reply, H3 thread, H4 H5 repost, H6 quote.
        assertKind(out, "original", 4)
        assertKind(out, "reply", 1)
        assertKind(out, "thread", 1)
        assertKind(out, "repost", 2)
        assertKind(out, "quote", 1)
        XCTAssertTrue(out.contains("bad timestamp"), "the reject's reason:\n\(out)")
        XCTAssertTrue(out.contains("588300000000000111"), "the first normalized posts are shown:\n\(out)")
        XCTAssertEqual(dir.listing("."), before, "inspect writes nothing")
    }

    func testCollectionShowsEveryAccount() throws {
        let dir = try goldenWorkdir()
        let run = try dir.run(["inspect", "exports/collections/library_search.csv"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = run.stdout
        let format = try XCTUnwrap(line(out, containing: "format"), out)
        XCTAssertTrue(format.contains("twarc"), format)
        for account in ["citylib", "foodbank", "randomfan"] {
            XCTAssertTrue(out.contains(account), "\(account) in:\n\(out)")
        }
        XCTAssertTrue(try XCTUnwrap(line(out, containing: "records")).contains("11 posts"), out)
        assertKind(out, "original", 7)
        assertKind(out, "reply", 2)
        assertKind(out, "repost", 1)
        assertKind(out, "quote", 1)
    }

    func testAnalyticsExportFoundInAFolder() throws {
        let dir = try goldenWorkdir()
        let run = try dir.run(["inspect", "exports/analytics"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let out = run.stdout
        XCTAssertTrue(try XCTUnwrap(line(out, containing: "format")).contains("analytics"), out)
        XCTAssertTrue(try XCTUnwrap(line(out, containing: "organization")).contains("helpinghands"), out)
        XCTAssertTrue(try XCTUnwrap(line(out, containing: "records")).contains("4 posts"), out)
        // Only t.co links and no markers: H6 H7 H8 original, H9 a reply by its leading @.
        assertKind(out, "original", 3)
        assertKind(out, "reply", 1)
    }

    func testUnknownFormatIsReportedAsSkippedAndAMissingFileIsAnError() throws {
        let dir = try goldenWorkdir()
        try dir.write("notes.txt", "not an export\n")
        let skipped = try dir.run(["inspect", "notes.txt"])
        XCTAssertFalse(skipped.crashed)
        XCTAssertTrue((skipped.stdout + skipped.stderr).lowercased().contains("skipped")
            || (skipped.stdout + skipped.stderr).lowercased().contains("unrecognised"), skipped.stdout + skipped.stderr)
        let missing = try dir.run(["inspect", "no-such-file.csv"])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no-such-file.csv"), missing.stderr)
    }
}
