import XCTest
@testable import EarshotCore

final class MetricsCSVTests: XCTestCase {
    func testRoundingIsHalfAwayFromZeroOnTheDouble() {
        let d = MetricNumber.decimal4
        XCTAssertEqual(d(0.00005), "0.0001")
        XCTAssertEqual(d(-0.00005), "-0.0001")
        XCTAssertEqual(d(-0.00001), "0.0000")
        XCTAssertEqual(d(-0.0), "0.0000")
        XCTAssertEqual(d(1.0 / 3.0), "0.3333")
        XCTAssertEqual(d(2.0 / 3.0), "0.6667")
        XCTAssertEqual(d(0.125), "0.1250")
        XCTAssertEqual(d(12.5), "12.5000")
        XCTAssertEqual(d(0.00015), "0.0001")  // 0.00015 * 10000 is 1.4999999999999998 in doubles
        XCTAssertEqual(d(2.00005), "2.0001")  // 2.00005 * 10000 is exactly 20000.5
        XCTAssertEqual(d(-2.5), "-2.5000")
        XCTAssertEqual(d(123456.78901), "123456.7890")
        XCTAssertEqual(d(nil), "")
        XCTAssertEqual(d(.nan), "")
        XCTAssertEqual(MetricNumber.integer(nil), "")
        XCTAssertEqual(MetricNumber.integer(-3), "-3")
    }

    func testMediansAndNearestRankPercentile() {
        XCTAssertEqual(MetricNumber.median(sorted: [1, 2, 3, 10]), 2.5)
        XCTAssertEqual(MetricNumber.median(sorted: [1, 2, 10]), 2)
        XCTAssertNil(MetricNumber.median(sorted: [Int]()))
        XCTAssertEqual(MetricNumber.p90(sorted: [7]), 7)
        XCTAssertEqual(MetricNumber.p90(sorted: Array(1...10)), 9)
        XCTAssertEqual(MetricNumber.p90(sorted: Array(1...11)), 10)
        XCTAssertEqual(MetricNumber.p90(sorted: Array(1...20)), 18)
    }

    func testDatesAndMonths() {
        XCTAssertEqual(CalendarDay(instant: 0).description, "1970-01-01")
        XCTAssertEqual(CalendarDay(instant: -1).description, "1969-12-31")
        XCTAssertEqual(CalendarDay(instant: instant("2020-02-29T23:59:59Z")).description, "2020-02-29")
        XCTAssertEqual(CalendarMonth(instant: instant("2008-05-04T21:59:52Z")).description, "2008-05")
        let months = Array(CalendarMonth(year: 2019, month: 11)...CalendarMonth(year: 2020, month: 2)).map(\.description)
        XCTAssertEqual(months, ["2019-11", "2019-12", "2020-01", "2020-02"])
    }

    func testFieldsAreQuotedOnlyWhenNeeded() {
        XCTAssertEqual(MetricsCSV.field("plain text"), "plain text")
        XCTAssertEqual(MetricsCSV.field("Smith, Jones"), "\"Smith, Jones\"")
        XCTAssertEqual(MetricsCSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(MetricsCSV.field("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(MetricsCSV.field("cr\r"), "\"cr\r\"")
    }

    func testRowsQuoteWhatNeedsIt() {
        var out = "x\n"
        MetricsCSV.appendRow(["a", "b,c", "say \"hi\"", "", "line\nbreak", "cr\r", "Zoë ✓"], to: &out)
        XCTAssertEqual(out, "x\na,\"b,c\",\"say \"\"hi\"\"\",,\"line\nbreak\",\"cr\r\",Zoë ✓\n")
        XCTAssertEqual(MetricsCSV.field("Zoë, \"ünï\""), "\"Zoë, \"\"ünï\"\"\"")
    }

    func testOrganizationsFileIsSortedByHandleWithHeader() {
        let text = MetricsCSV.organizations(OrgFixtures.all.reversed())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, Substring(OrganizationMetrics.columns.joined(separator: ",")))
        XCTAssertEqual(lines.dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) },
                       ["acme", "localclub", "quietorg", "redcross", "unicefusa"])
        XCTAssertTrue(text.contains("\nquietorg,\"Quiet, \"\"Org\"\"\",public,,0,0,0,0,0,0,,,0,,0,,,,,,,5,,0,0,0,0,0,,,,0,,,,,,,,,\n"), "no posts: no verdicts, no caveats")
        XCTAssertTrue(text.hasSuffix("\n"))
        XCTAssertFalse(text.contains("\r"))
    }

    func testOtherFiles() {
        let results = OrgFixtures.all
        let months = MetricsCSV.orgMonths(results)
        XCTAssertTrue(months.hasPrefix("handle,month,posts,authored,promotional,conversational,measured_posts,interactions,impressions,engagements\n" +
                                       "localclub,2021-06,2,2,0,0,1,3,10,0\nredcross,2020-01,"))
        let sectors = SectorAnalysis.analyze(results, registry: OrgFixtures.registry)
        let sectorText = MetricsCSV.sectors(sectors)
        XCTAssertTrue(sectorText.hasPrefix("sector,orgs_registered,orgs_active,posts,information_share,community_share,action_share," +
                                           "median_promo_share,median_conversation_share,median_engagement_rate_followers,first_adoption,median_adoption\n" +
                                           "commercial,1,0,0,,,,,,,,\n"))
        let sectorMonths = MetricsCSV.sectorMonths(sectors)
        XCTAssertTrue(sectorMonths.hasPrefix("sector,month,active_orgs,adopters,adoption_share,posts,posts_growth\ncommercial,2020-01,0,0,0.0000,0,\n"))
        XCTAssertEqual(sectorMonths.split(separator: "\n").count, 1 + 90)
    }
}
