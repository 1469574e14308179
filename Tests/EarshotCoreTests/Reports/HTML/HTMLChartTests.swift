import XCTest
@testable import EarshotCore

final class HTMLChartTests: XCTestCase {
    func testNumbersForPeople() {
        XCTAssertEqual(DisplayNumber.count(0), "0")
        XCTAssertEqual(DisplayNumber.count(999), "999")
        XCTAssertEqual(DisplayNumber.count(1_000), "1,000")
        XCTAssertEqual(DisplayNumber.count(1_234_567), "1,234,567")
        XCTAssertEqual(DisplayNumber.count(-100_000), "-100,000")
        XCTAssertEqual(DisplayNumber.count(nil), "—")
        XCTAssertEqual(DisplayNumber.percent(0.2), "20.0%")
        XCTAssertEqual(DisplayNumber.percent(1.0 / 3.0), "33.3%")
        XCTAssertEqual(DisplayNumber.percent(0.00049), "0.0%")
        XCTAssertEqual(DisplayNumber.percent(-0.0001), "0.0%")
        XCTAssertEqual(DisplayNumber.percent(0.12345), "12.3%")
        XCTAssertEqual(DisplayNumber.percent(0.00125), "0.1%")   // 0.125 rounds away from zero
        XCTAssertEqual(DisplayNumber.percent(.nan), "—")
        XCTAssertEqual(DisplayNumber.rate(0.0123), "1.2%")
        XCTAssertEqual(DisplayNumber.rate(0.005), "0.50%")
        XCTAssertEqual(DisplayNumber.rate(0.00052), "0.052%")
        XCTAssertEqual(DisplayNumber.rate(0.0000191), "0.0019%")
        XCTAssertEqual(DisplayNumber.rate(0), "0%")
        XCTAssertEqual(DisplayNumber.rate(1e-12), "<0.00001%")
        XCTAssertEqual(DisplayNumber.amount(5.5), "5.5")
        XCTAssertEqual(DisplayNumber.amount(1234), "1,234")
        XCTAssertEqual(DisplayNumber.amount(1234.56), "1,234.6")
        XCTAssertEqual(DisplayNumber.amount(-0.25), "-0.3")
        XCTAssertEqual(DisplayNumber.ratio(0.5714), "0.57")
        XCTAssertEqual(DisplayNumber.percentTick(0.0001), "0.01%")
        XCTAssertEqual(DisplayNumber.percentTick(0.2), "20%")
        XCTAssertEqual(DisplayNumber.percentTick(0.025), "2.5%")
        XCTAssertEqual(DisplayNumber.instant(HTMLFixtures.instantOf("2020-03-05T18:07:59Z")), "2020-03-05 18:07 UTC")
        XCTAssertEqual(DisplayNumber.instant(-1), "1969-12-31 23:59 UTC")
        XCTAssertEqual(DisplayNumber.exact(0.1), "0.1")
        XCTAssertEqual(DisplayNumber.exact(nil), "")
    }

    func testFixedDecimalsAndChartCoordinates() {
        XCTAssertEqual(DisplayNumber.fixed(1234.5678, places: 2), "1234.57")
        XCTAssertEqual(DisplayNumber.fixed(0.001, places: 3), "0.001")
        XCTAssertEqual(DisplayNumber.fixed(2.5, places: 0), "3")
        XCTAssertEqual(DisplayNumber.fixed(-2.5, places: 0), "-3")
        XCTAssertEqual(DisplayNumber.fixed(-0.04, places: 1), "0.0")     // never -0.0
        XCTAssertEqual(DisplayNumber.fixed(-0.05, places: 1), "-0.1")
        XCTAssertEqual(DisplayNumber.fixed(12, places: -1), "12")
        XCTAssertEqual(DisplayNumber.fixed(1e19, places: 1), "1e+19")
        XCTAssertEqual(DisplayNumber.fixed(.infinity, places: 1), "—")
        XCTAssertEqual(DisplayNumber.count(Int.min), "-9,223,372,036,854,775,808")
        XCTAssertEqual(SVGCanvas.number(960), "960")
        XCTAssertEqual(SVGCanvas.number(0.25), "0.3")
        XCTAssertEqual(SVGCanvas.number(-2.25), "-2.3")
        XCTAssertEqual(SVGCanvas.number(-0.04), "0")
        XCTAssertEqual(SVGCanvas.number(-0.05), "-0.1")
        XCTAssertEqual(SVGCanvas.number(12.04), "12")
        XCTAssertEqual(SVGCanvas.number(.nan), "0")
        XCTAssertEqual(SVGCanvas.number(1e20), "1e+20")
    }

    func testEscapingForSVGText() {
        XCTAssertEqual(HTMLEscaping.escape("<a href=\"x\">'&amp;'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(HTMLEscaping.escape("tab\there\u{0}\u{7}\u{85}"), "tab\there   ")
        XCTAssertEqual(HTMLEscaping.clean("a\u{1}b\nc"), "a b\nc")
        XCTAssertEqual(HTMLEscaping.excerpt("abcdef", limit: 3), "abc…")
        XCTAssertEqual(HTMLEscaping.excerpt("abc", limit: 3), "abc")
    }

    func testMonthLabelsThinOut() {
        func months(_ count: Int, from year: Int = 2000, month: Int = 1) -> [CalendarMonth] {
            let first = CalendarMonth(year: year, month: month)
            return (0..<count).map { first.advanced(by: $0) }
        }
        let few = MonthBands(months: months(5, month: 11), left: 0, width: 800).labels(maxLabels: 12)
        XCTAssertEqual(few.map(\.text), ["2000-11", "2000-12", "2001-01", "2001-02", "2001-03"])
        let quarters = MonthBands(months: months(30, month: 2), left: 0, width: 800).labels(maxLabels: 12)
        XCTAssertEqual(quarters.map(\.text), ["2000-04", "2000-07", "2000-10", "2001-01", "2001-04", "2001-07", "2001-10", "2002-01", "2002-04", "2002-07"])
        let years = MonthBands(months: months(240), left: 0, width: 800).labels(maxLabels: 12)
        XCTAssertEqual(years.map(\.text), ["2000", "2002", "2004", "2006", "2008", "2010", "2012", "2014", "2016", "2018"])
        XCTAssertEqual(years.map(\.index), stride(from: 0, to: 240, by: 24).map { $0 })
        let centuries = MonthBands(months: months(12_000), left: 0, width: 800).labels(maxLabels: 12)
        XCTAssertLessThanOrEqual(centuries.count, 12)
        XCTAssertFalse(centuries.isEmpty)
    }

    func testNiceTicksAndSpreadLabels() {
        XCTAssertEqual(ChartAxes.niceTicks(maximum: 13, count: 5, integers: true), [0, 5, 10, 15])
        XCTAssertEqual(ChartAxes.niceTicks(maximum: 3, count: 5, integers: true), [0, 1, 2, 3])
        XCTAssertEqual(ChartAxes.niceTicks(maximum: 0, count: 5, integers: true), [0, 1])
        XCTAssertEqual(ChartAxes.niceTicks(maximum: 0.034, count: 5), [0, 0.01, 0.02, 0.03, 0.04])
        XCTAssertEqual(ChartAxes.spread([100, 95, 200], gap: 13, within: (0, 300)), [108, 95, 200])
        XCTAssertEqual(ChartAxes.spread([298, 299], gap: 13, within: (0, 300)), [287, 300])
    }

    func testAdoptionChartDrawsRegisteredSectorsOnly() throws {
        let run = HTMLFixtures.run()
        let (months, series) = AdoptionChart.series(run.sectors)
        XCTAssertEqual(series.map(\.sector), [.commercial, .nonprofit, .other, .public])
        XCTAssertEqual(months.first?.description, "2019-01")
        // public: cityofoslo, nhs, stateparks of 4 registered (quietorg never posts).
        XCTAssertEqual(series.last?.shares.last, 0.75)
        XCTAssertEqual(series.last?.adopters.last, 3)
        let svg = try XCTUnwrap(AdoptionChart.svg(run.sectors))
        XCTAssertEqual(svg.components(separatedBy: "<g class=\"series\">").count - 1, 4)
        XCTAssertTrue(svg.contains("public 75.0% (3 of 4)"))
        XCTAssertTrue(svg.contains("stroke-dasharray=\"8 4\""))   // nonprofit's dashes
        XCTAssertNil(AdoptionChart.svg(SectorResult(sectors: [], months: [])))
    }

    func testScatterPlotsEveryOrganizationWithARate() throws {
        let run = HTMLFixtures.run()
        let points = PromoScatterChart.points(run.organizations, href: HTMLReport.pagePath)
        // Every organization with posts and a rate by followers; the blogger has impressions only,
        // and is drawn on the chart by impressions alone (never on the followers' axis).
        XCTAssertEqual(Set(points.map(\.handle)), Set(run.organizations.filter { $0.metrics.posts > 0 }.map(\.handle)).subtracting(["\"onmouseover=alert(1)", "bikeshop", "blogger"]))
        let byImpressions = PromoScatterChart.points(run.organizations, rate: .impressions, href: HTMLReport.pagePath)
        XCTAssertTrue(byImpressions.map(\.handle).contains("blogger"))
        XCTAssertTrue(byImpressions.allSatisfy(\.perImpression))
        let svg = try XCTUnwrap(PromoScatterChart.svg(run.organizations, thresholds: MetricThresholds(), href: HTMLReport.pagePath))
        XCTAssertEqual(svg.components(separatedBy: "<a href=").count - 1, points.count)
        XCTAssertTrue(svg.contains("80/20 rule 20.0%"))
        XCTAssertTrue(svg.contains("rule of thirds 33.3%"))
        XCTAssertTrue(svg.contains("logarithmic scale"))
        XCTAssertFalse(svg.contains("impressions"))
        XCTAssertTrue(svg.contains("3 organizations with posts but no engagement rate by followers are not drawn"))
        let impressionsSVG = try XCTUnwrap(PromoScatterChart.svg(run.organizations, thresholds: MetricThresholds(), rate: .impressions, href: HTMLReport.pagePath))
        XCTAssertTrue(impressionsSVG.contains("Engagement rate by impressions"))
        XCTAssertFalse(impressionsSVG.contains("followers"))
        let changed = try XCTUnwrap(PromoScatterChart.svg(run.organizations, thresholds: MetricThresholds(promotional: 0.25, relentless: 0.5), href: HTMLReport.pagePath))
        XCTAssertTrue(changed.contains("threshold 25.0%"))
        XCTAssertFalse(changed.contains("80/20 rule"))
    }

    func testMonthlyChartsAggregateByMonth() throws {
        let run = HTMLFixtures.run()
        let redcross = try XCTUnwrap(run.organizations.first { $0.handle == "redcross" })
        let bars = try XCTUnwrap(MonthlyCharts.classBars(redcross))
        let monthsWithPosts = redcross.months.filter { $0.posts > 0 }.count
        XCTAssertEqual(bars.components(separatedBy: "<g><title>").count - 1, monthsWithPosts)
        XCTAssertTrue(bars.contains("url(#chart-classes-by-month-action)"))
        let first = redcross.months[0]
        XCTAssertTrue(bars.contains("<title>\(first.month): \(first.posts) posts, information \(first.information), community \(first.community), action \(first.action)</title>"))
        let promo = try XCTUnwrap(MonthlyCharts.promoShare(redcross, thresholds: MetricThresholds()))
        XCTAssertTrue(promo.contains("overall \(DisplayNumber.percent(redcross.metrics.promoShare))"))
        let empty = OrgAnalysis.analyze(handle: "none", posts: [], organization: nil, lexicon: .builtin)
        XCTAssertNil(MonthlyCharts.classBars(empty))
        XCTAssertNil(MonthlyCharts.promoShare(empty, thresholds: MetricThresholds()))
    }
}
