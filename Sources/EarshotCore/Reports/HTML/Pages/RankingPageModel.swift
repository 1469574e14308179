/// What `ranking.mustache` sees: one page of the full ranking of organizations, written when
/// there are more than `IndexPageModel.fullTableLimit` of them (the index then lists only the
/// top). `organizations.html` is the first page, `organizations-2.html` the second, and so on,
/// `rows` organizations each, most promotional first, rows as on the index
/// (`index-organization-row`).
struct RankingPageModel {
    static let rows = 1000

    static func pageCount(organizations: Int) -> Int { max(1, (organizations + rows - 1) / rows) }

    /// Page `page` (from 0), relative to the output folder.
    static func path(page: Int) -> String { page == 0 ? "organizations.html" : "organizations-\(page + 1).html" }

    let page: TemplateRecord
    let organizationRows: [TemplateRecord]

    /// - Parameters:
    ///   - ranked: every organization, ranked as on the index (`IndexPageModel.ranked`).
    ///   - number: the page, from 0.
    init(overview: ReportOverview, ranked: [OrgResult], number: Int) {
        let count = Self.pageCount(organizations: ranked.count)
        let first = number * Self.rows, last = min(ranked.count, first + Self.rows)
        organizationRows = ranked[first..<last].map(IndexPageModel.row)
        let pages: [TemplateValue] = (0..<count).map { k in
            .record(["number": .text(String(k + 1)), "href": .text(Self.path(page: k)), "current": .flag(k == number)])
        }
        page = [
            "title": .text("Earshot report: organizations \(DisplayNumber.count(first + 1)) to \(DisplayNumber.count(last)) of \(DisplayNumber.count(ranked.count))"),
            "generatedAt": .text(overview.generatedAt),
            "version": .text(overview.version),
            "hasVersion": .flag(!overview.version.isEmpty),
            "from": .text(DisplayNumber.count(first + 1)),
            "to": .text(DisplayNumber.count(last)),
            "total": .text(DisplayNumber.count(ranked.count)),
            "pages": .list(pages),
            "hasPrevious": .flag(number > 0),
            "previousHref": .text(Self.path(page: max(0, number - 1))),
            "hasNext": .flag(number + 1 < count),
            "nextHref": .text(Self.path(page: min(count - 1, number + 1))),
        ]
    }
}
