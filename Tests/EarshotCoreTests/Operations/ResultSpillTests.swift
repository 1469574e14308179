import XCTest
@testable import EarshotCore

final class ResultSpillTests: XCTestCase {
    /// An organization with three months (the middle one without posts) and one of each detail.
    private func sample(_ handle: String) -> OrgResult {
        var metrics = OrganizationMetrics(handle: handle, name: "Name of \(handle)", sector: .nonprofit, subsector: "health",
                                          followers: 1200)
        metrics.posts = 5
        metrics.promoShare = 0.4
        var january = OrgMonth(month: CalendarMonth(year: 2011, month: 1))
        january.posts = 3
        january.interactions = 7
        let february = OrgMonth(month: CalendarMonth(year: 2011, month: 2))
        var march = OrgMonth(month: CalendarMonth(year: 2011, month: 3))
        march.posts = 2
        return OrgResult(metrics: metrics, months: [january, february, march],
                         topPosts: [TopPost(id: "11", created: 1_300_000_000, text: "Thanks, all", interactions: 7, kind: .original)],
                         promotionalExamples: [PromotionalExample(id: "12", created: 1_300_000_100, text: "Donate now",
                                                                  kind: .original, reasons: [.cta, .ownLink])],
                         topPartners: [PartnerCount(handle: "friend", posts: 2)])
    }

    func testKeepsMetricsAndMonthsWithPostsAndGivesTheWholeResultBack() throws {
        let spill = ResultSpill()
        let a = sample("alpha"), b = sample("beta")
        let slimA = spill.keep(a), slimB = spill.keep(b)

        XCTAssertEqual(slimA.metrics, a.metrics)
        XCTAssertTrue(slimA.months.isEmpty && slimA.topPosts.isEmpty && slimA.promotionalExamples.isEmpty && slimA.topPartners.isEmpty)
        let kept = spill.monthsWithPosts(slimA)
        XCTAssertEqual(kept.map(\.month), [CalendarMonth(year: 2011, month: 1), CalendarMonth(year: 2011, month: 3)])
        XCTAssertEqual(kept.map(\.posts), [3, 2])

        // Read back in another order than written, each the whole of what was kept.
        for (slim, whole) in [(slimB, b), (slimA, a)] {
            let back = try spill.full(slim)
            XCTAssertEqual(back.metrics, whole.metrics)
            XCTAssertEqual(back.months, whole.months)
            XCTAssertEqual(back.topPosts, whole.topPosts)
            XCTAssertEqual(back.promotionalExamples, whole.promotionalExamples)
            XCTAssertEqual(back.topPartners, whole.topPartners)
        }
    }

    func testAResultNeverKeptIsItsOwnWhole() throws {
        let spill = ResultSpill()
        let none = OrgResult(metrics: OrganizationMetrics(handle: "quiet", name: "", sector: .public, subsector: "", followers: nil),
                             months: [], topPosts: [], promotionalExamples: [], topPartners: [])
        XCTAssertEqual(try spill.full(none).metrics, none.metrics)
    }

    func testSectorTablesAreTheSameFromKeptResults() {
        // The sector months count the posts of months with posts only, so what stays in memory gives the same rows.
        let spill = ResultSpill()
        let results = [sample("alpha"), sample("beta")]
        let registry = Registry([Organization(handle: "alpha", sector: .nonprofit), Organization(handle: "beta", sector: .nonprofit)])
        let whole = SectorAnalysis.analyze(results, registry: registry)
        let kept = SectorAnalysis.analyze(results.map(spill.keep), registry: registry, monthsWithPosts: spill.monthsWithPosts)
        XCTAssertEqual(MetricsCSV.sectors(kept), MetricsCSV.sectors(whole))
        XCTAssertEqual(MetricsCSV.sectorMonths(kept), MetricsCSV.sectorMonths(whole))
    }
}
