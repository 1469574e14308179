import XCTest
@testable import EarshotCore

/// The index's table of files: totals by format and the files with rejects or warnings, worst
/// first and capped, made a file at a time.
final class ReportFileTableTests: XCTestCase {
    func file(_ path: String, _ format: String, records: Int, posts: Int, duplicates: Int = 0, rejects: Int = 0,
              warnings: Int = 0) -> ReportFileSummary {
        ReportFileSummary(path: path, format: format, org: "acme", records: records, posts: posts, duplicates: duplicates,
                          rejects: rejects, warnings: warnings)
    }

    func testFormatsAddUpAndSortByName() {
        var table = ReportFileTable()
        table.add(file("a/tweets.csv", "legacy-archive", records: 10, posts: 8, duplicates: 1, rejects: 1))
        table.add(file("b/analytics.csv", "analytics", records: 5, posts: 5, warnings: 2))
        table.add(file("c/tweets.csv", "legacy-archive", records: 7, posts: 7))
        table.add(file("d.gz", "unreadable", records: 1, posts: 0, rejects: 1))
        XCTAssertEqual(table.formats.map(\.format), ["analytics", "legacy-archive", "unreadable"])
        let legacy = table.formats[1]
        XCTAssertEqual([legacy.files, legacy.records, legacy.posts, legacy.duplicates, legacy.rejects, legacy.warnings],
                       [2, 17, 15, 1, 1, 0])
        XCTAssertEqual(table.filesWithFindingsCount, 3)
        // Most rejects first, then most warnings; c/tweets.csv has neither.
        XCTAssertEqual(table.filesWithFindings.map(\.path), ["a/tweets.csv", "d.gz", "b/analytics.csv"])
    }

    func testOnlyTheWorstFilesAreListedAndAllAreCounted() {
        var table = ReportFileTable(limit: 3)
        let rejects = [0, 5, 2, 5, 0, 1, 9, 0]
        let warnings = [1, 0, 0, 3, 4, 0, 0, 0]
        for i in rejects.indices {
            table.add(file("f\(i).csv", "twarc2", records: 20, posts: 20 - rejects[i], rejects: rejects[i], warnings: warnings[i]))
        }
        // With findings: f0 (0,1) f1 (5,0) f2 (2,0) f3 (5,3) f4 (0,4) f5 (1,0) f6 (9,0).
        XCTAssertEqual(table.filesWithFindingsCount, 7)
        XCTAssertEqual(table.filesWithFindings.map(\.path), ["f6.csv", "f3.csv", "f1.csv"])
        XCTAssertEqual(table.formats.map(\.files), [8])
        XCTAssertEqual(table.formats.first?.rejects, 22)
    }

    func testTiesKeepTheOrderAdded() {
        var table = ReportFileTable(limit: 2)
        for name in ["z.csv", "a.csv", "m.csv"] { table.add(file(name, "analytics", records: 3, posts: 2, rejects: 1)) }
        XCTAssertEqual(table.filesWithFindings.map(\.path), ["z.csv", "a.csv"])
        XCTAssertEqual(table.filesWithFindingsCount, 3)
    }

    /// The index shows the formats, the listed files and how many more there are; never a row
    /// per file of the run.
    func testTheIndexShowsFormatsAndTheWorstFilesOnly() throws {
        var run = HTMLFixtures.run()
        var table = ReportFileTable(limit: 2)
        for i in 0..<500 { table.add(file("exports/org\(i)/tweets.csv", "legacy-archive", records: 4, posts: 4)) }
        table.add(file("exports/bad/one.csv", "analytics", records: 4, posts: 1, rejects: 3))
        table.add(file("exports/bad/two.csv", "analytics", records: 4, posts: 2, rejects: 2))
        table.add(file("exports/bad/three.csv", "analytics", records: 4, posts: 4, warnings: 1))
        run.overview.fileTable = table
        let html = try XCTUnwrap(try renderPages(run)["index.html"])
        let page = ParsedPage(html)
        let captions = page.all("caption").map(\.text)
        XCTAssertTrue(captions.contains("Files read, by format"), "\(captions)")
        XCTAssertEqual(page.all("th").filter { $0.text == "legacy-archive" }.count, 1)
        XCTAssertTrue(html.contains("<th scope=\"row\">legacy-archive</th><td class=\"num\">500</td><td class=\"num\">2,000</td>"), "format row")
        XCTAssertTrue(html.contains("<th scope=\"row\">analytics</th><td class=\"num\">3</td><td class=\"num\">12</td><td class=\"num\">7</td>"))
        XCTAssertTrue(html.contains("<code>exports/bad/one.csv</code>"))
        XCTAssertTrue(html.contains("<code>exports/bad/two.csv</code>"))
        XCTAssertFalse(html.contains("exports/bad/three.csv"))
        XCTAssertFalse(html.contains("exports/org1/tweets.csv"))
        XCTAssertTrue(html.contains("Files with rejects or warnings (3), the most rejects first"))
        XCTAssertTrue(html.contains("1 more files with rejects or warnings are not listed here."))
        XCTAssertTrue(page.hrefs.contains("rejects.csv"))
    }

    func testARunWithoutFindingsSaysSo() throws {
        var run = HTMLFixtures.run()
        var table = ReportFileTable()
        table.add(file("exports/a.csv", "twarc2", records: 10, posts: 9, duplicates: 1))
        run.overview.fileTable = table
        let html = try XCTUnwrap(try renderPages(run)["index.html"])
        XCTAssertTrue(html.contains("No file has rejects or warnings."))
        XCTAssertFalse(html.contains("Files with rejects or warnings"))
        XCTAssertFalse(html.contains("<code>exports/a.csv</code>"))
    }
}
