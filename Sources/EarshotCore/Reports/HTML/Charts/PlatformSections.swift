/// Where organizations went (issue 17): the report's platform sections, as finished HTML that the
/// templates insert whole (`{{{platformSection}}}`). Every chart has its numbers in a table.
///
/// Decisions: an organization's page shows the section when it posted on more than one platform
/// or on one other than Twitter (a Twitter-only page has nothing to compare); the index shows it
/// when the run holds posts of more than one platform. Platforms without counters say so ("no
/// counters on this platform") instead of showing zeros.
enum PlatformSections {
    /// Okabe-Ito colours, one per platform, told apart without colour by the table beside them.
    static func colour(_ platform: Platform) -> String {
        switch platform {
        case .twitter: return "#444444"
        case .mastodon: return "#CC79A7"
        case .bluesky: return "#56B4E9"
        case .facebook: return "#0072B2"
        case .instagram: return "#D55E00"
        case .linkedin: return "#009E73"
        case .other: return "#E69F00"
        }
    }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(HTMLEscaping.clean(text)) }

    // MARK: An organization's page

    /// - Parameter drawsCharts: false for an organization with few posts (`OrgDetailSection.drawsCharts`):
    ///   its tables only, the months table open.
    static func orgSection(_ org: OrgResult, drawsCharts: Bool = true) -> String {
        let platforms = org.platforms.filter { $0.posts > 0 }
        guard !platforms.isEmpty, platforms.count > 1 || platforms[0].platform != .twitter else { return "" }
        var html = "<section id=\"platforms\">\n<h2>Platforms</h2>\n"
        html += "<p>Posts on \(platforms.map { escape($0.platform.rawValue) }.joined(separator: ", ")). Posts of different platforms are never merged, even with the same id.</p>\n"
        if drawsCharts {
            if let chart = monthlyBars(org, platforms: platforms) {
                html += "<figure class=\"chart-figure\">\n<figcaption><strong>Posts per month by platform.</strong> Stacked; the numbers are in the table below.</figcaption>\n\(chart)\n</figure>\n"
            }
            html += "<figure class=\"chart-figure\">\n<figcaption><strong>Promotion and dialogue per platform.</strong> Share of each platform's posts that promote the organization, and that talk to other accounts.</figcaption>\n\(shareBars(org, platforms: platforms))\n</figure>\n"
        }
        html += "<div class=\"table-wrap\">\n<table>\n<caption>Per platform (as org_platforms.csv)</caption>\n"
        html += "<thead><tr><th scope=\"col\">Platform</th><th scope=\"col\" class=\"num\">Posts</th><th scope=\"col\">First post</th><th scope=\"col\">Last post</th><th scope=\"col\" class=\"num\">Active months</th><th scope=\"col\" class=\"num\">Promotional</th><th scope=\"col\" class=\"num\">Conversational</th><th scope=\"col\" class=\"num\">Interactions</th></tr></thead>\n<tbody>\n"
        for p in platforms {
            let interactions = p.hasNoCounters
                ? "<td class=\"muted\">no counters on this platform</td>"
                : "<td class=\"num\">\(DisplayNumber.count(p.interactionsTotal)) over \(DisplayNumber.count(p.measuredPosts)) measured posts</td>"
            html += "<tr><th scope=\"row\">\(escape(p.platform.rawValue))</th><td class=\"num\">\(DisplayNumber.count(p.posts))</td><td>\(p.firstPost?.description ?? "")</td><td>\(p.lastPost?.description ?? "")</td><td class=\"num\">\(DisplayNumber.count(p.activeMonths))</td><td class=\"num\">\(DisplayNumber.percent(p.promoShare))</td><td class=\"num\">\(DisplayNumber.percent(p.conversationShare))</td>\(interactions)</tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n"
        html += monthTable(org, platforms: platforms, open: !drawsCharts)
        return html + "</section>\n"
    }

    /// The org's months with posts by platform: the chart's numbers (a month without posts on
    /// any platform is left out, as in the page's other monthly tables: it would be all zeros).
    static func monthTable(_ org: OrgResult, platforms: [OrgPlatform], open: Bool = false) -> String {
        let months = org.months.filter { $0.posts > 0 }.map(\.month)
        var html = "<details\(open ? " open" : "")>\n<summary>Posts per month by platform (table)</summary>\n<div class=\"table-wrap\">\n<table>\n"
        if months.count < org.months.count {
            html += "<caption>\(DisplayNumber.count(months.count)) months with posts of the \(DisplayNumber.count(org.months.count)) from the first post to the last; months without posts are left out</caption>\n"
        }
        html += "<thead><tr><th scope=\"col\">Month</th>"
        for p in platforms { html += "<th scope=\"col\" class=\"num\">\(escape(p.platform.rawValue))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        let counts = platforms.map { Dictionary(uniqueKeysWithValues: $0.months.map { ($0.month, $0.posts) }) }
        for month in months {
            html += "<tr><th scope=\"row\">\(month)</th>"
            for count in counts { html += "<td class=\"num\">\(DisplayNumber.count(count[month] ?? 0))</td>" }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n</details>\n"
    }

    static func monthlyBars(_ org: OrgResult, platforms: [OrgPlatform], id: String = "chart-platforms-by-month") -> String? {
        let months = org.months.map(\.month)
        guard !months.isEmpty else { return nil }
        let width = MonthlyCharts.width, left = MonthlyCharts.left
        let labels = platforms.map(\.platform.rawValue)
        let legend = ChartLegend.layout(labels: labels, symbolWidth: 16, from: left, to: width - 16)
        let top = 16 + Double(ChartLegend.rows(legend)) * ChartLegend.rowHeight + 12
        let area = PlotArea(left: left, top: top, width: width - left - MonthlyCharts.right, height: 200)
        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 40)
        let bands = MonthBands(months: months, left: area.left, width: area.width)
        let counts = platforms.map { Dictionary(uniqueKeysWithValues: $0.months.map { ($0.month, $0.posts) }) }
        let totals = months.map { m in counts.reduce(0) { $0 + ($1[m] ?? 0) } }
        let ticks = ChartAxes.niceTicks(maximum: Double(totals.max() ?? 1), count: 5, integers: true)
        let y = LinearScale(domain: (0, ticks.last ?? 1), range: (area.bottom, area.top))
        ChartAxes.drawYAxis(&canvas, area: area, ticks: ticks.map { (y($0), DisplayNumber.count(Int($0))) }, title: "Posts")
        for (p, (label, place)) in zip(platforms, zip(labels, legend)) {
            let ly = 22 + Double(place.row) * ChartLegend.rowHeight
            canvas.rect(place.x, ly - 8, 16, 16, fill: colour(p.platform), stroke: "#222")
            canvas.text(label, x: place.x + 22, y: ly + 5, size: 13)
        }
        let padding = bands.bandWidth > 4 ? min(bands.bandWidth * 0.18, 12) : 0
        let n = SVGCanvas.number
        let barWidth = n(max(0.5, bands.bandWidth - padding))
        for (i, month) in months.enumerated() where totals[i] > 0 {
            let parts = zip(platforms, counts).compactMap { p, c in (c[month] ?? 0) > 0 ? "\(p.platform.rawValue) \(c[month]!)" : nil }
            var g = "<g><title>\(month): \(parts.joined(separator: ", "))</title>"
            let x = n(bands.start(i) + padding / 2)
            var base = 0
            for (p, c) in zip(platforms, counts) {
                let count = c[month] ?? 0
                guard count > 0 else { continue }
                let y0 = y(Double(base)), y1 = y(Double(base + count))
                g += "<rect x=\"\(x)\" y=\"\(n(y1))\" width=\"\(barWidth)\" height=\"\(n(y0 - y1))\" fill=\"\(colour(p.platform))\"/>"
                base += count
            }
            canvas.raw(g + "</g>")
        }
        ChartAxes.drawMonthAxis(&canvas, area: area, bands: bands)
        return canvas.svg(
            title: "Posts per month by platform, @\(org.handle)",
            description: platforms.map { "\($0.platform.rawValue): \(DisplayNumber.count($0.posts)) posts from \($0.firstPost?.description ?? "") to \($0.lastPost?.description ?? "")" }.joined(separator: "; ") + ". The numbers are in the table below the chart.")
    }

    /// Two bars per platform, side by side: promotional share and conversational share.
    static func shareBars(_ org: OrgResult, platforms: [OrgPlatform], id: String = "chart-platform-shares") -> String {
        let rowHeight = 44.0, left = 120.0, width = MonthlyCharts.width
        let area = PlotArea(left: left, top: 34, width: width - left - 80, height: rowHeight * Double(platforms.count))
        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 36)
        let x = LinearScale(domain: (0, 1), range: (area.left, area.right))
        let n = SVGCanvas.number
        canvas.rect(left, 12, 14, 12, fill: ChartPalette.action, stroke: "#222")
        canvas.text("promotional", x: left + 20, y: 22, size: 12)
        canvas.rect(left + 130, 12, 14, 12, fill: "#0072B2", stroke: "#222")
        canvas.text("conversational", x: left + 150, y: 22, size: 12)
        for share in stride(from: 0.0, through: 1.0, by: 0.25) {
            canvas.line(x(share), area.top, x(share), area.bottom, stroke: "#ddd", width: 1)
            canvas.text(DisplayNumber.fixed(share * 100, places: 0) + "%", x: x(share) - 10, y: area.bottom + 16, size: 11)
        }
        for (i, p) in platforms.enumerated() {
            let top = area.top + Double(i) * rowHeight
            canvas.text(p.platform.rawValue, x: 8, y: top + 24, size: 13)
            for (k, (share, fill)) in [(p.promoShare ?? 0, ChartPalette.action), (p.conversationShare ?? 0, "#0072B2")].enumerated() {
                let barTop = top + 6 + Double(k) * 16
                canvas.raw("<g><title>\(p.platform.rawValue): \(k == 0 ? "promotional" : "conversational") \(DisplayNumber.percent(share))</title><rect x=\"\(n(area.left))\" y=\"\(n(barTop))\" width=\"\(n(max(0.5, x(share) - area.left)))\" height=\"14\" fill=\"\(fill)\"/></g>")
                canvas.text(DisplayNumber.percent(share), x: x(share) + 4, y: barTop + 11, size: 11)
            }
        }
        return canvas.svg(
            title: "Promotional and conversational share per platform, @\(org.handle)",
            description: platforms.map { "\($0.platform.rawValue): promotional \(DisplayNumber.percent($0.promoShare)), conversational \(DisplayNumber.percent($0.conversationShare))" }.joined(separator: "; ") + ". The numbers are in the table below.")
    }

    // MARK: The index

    /// The index's platform section. Above `IndexPageModel.fullTableLimit` organizations the
    /// table of each organization's last post per platform is left out (one row per organization
    /// made index.html 11.5 MB at 50,000): a sentence points to org_platforms.csv and the pages.
    static func indexSection(_ organizations: [OrgResult], registry: Registry, href: (String) -> String) -> String {
        let platforms = Set(organizations.flatMap { $0.platforms.filter { $0.posts > 0 }.map(\.platform) }).sorted()
        guard platforms.count > 1 else { return "" }
        var html = "<section id=\"platforms\">\n<h2>Where organizations went</h2>\n"
        html += "<p>Who posted on which platform, and until when (sector_platform_months.csv and org_platforms.csv hold the months).</p>\n"
        // Adoption per platform by sector.
        var sectors: [Sector] = [.commercial, .nonprofit, .other, .public]
        if organizations.contains(where: { $0.sector == .unregistered && $0.metrics.posts > 0 }) { sectors.append(.unregistered) }
        let lastMonth = organizations.compactMap { $0.metrics.lastPost?.month }.max()
        html += "<div class=\"table-wrap\">\n<table>\n<caption>Adoption per platform by sector: organizations with posts on it (of those registered), its first month, and those with a post in the run's last three months</caption>\n<thead><tr><th scope=\"col\">Sector</th>"
        for p in platforms { html += "<th scope=\"col\" class=\"num\">\(escape(p.rawValue))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for sector in sectors {
            let orgs = organizations.filter { $0.sector == sector }
            let registered = sector == .unregistered ? nil : registry.organizations.filter { $0.sector == sector }.count
            html += "<tr><th scope=\"row\">\(sector.rawValue)</th>"
            for platform in platforms {
                let on = orgs.compactMap { $0.platforms.first { $0.platform == platform && $0.posts > 0 } }
                let first = on.compactMap { $0.months.first?.month }.min()
                let recent = lastMonth.map { last in on.filter { ($0.months.last?.month).map { last.index - $0.index < 3 } ?? false }.count } ?? 0
                let of = registered.map { " of \($0)" } ?? ""
                html += on.isEmpty ? "<td class=\"num\">0\(of)</td>"
                    : "<td class=\"num\">\(on.count)\(of), from \(first?.description ?? ""); \(recent) recently</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n"
        // Each organization's last post per platform.
        if IndexPageModel.isPaged(organizations: organizations.count) {
            return html + "<p>With \(organizations.count) organizations, each one's last post per platform is on its own page (section \"Platforms\") and in org_platforms.csv (<code>last_post</code>), not listed here.</p>\n</section>\n"
        }
        html += "<details>\n<summary>Each organization's last post per platform (table)</summary>\n<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">Organization</th><th scope=\"col\">Sector</th>"
        for p in platforms { html += "<th scope=\"col\">\(escape(p.rawValue))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for org in organizations.filter({ $0.metrics.posts > 0 }).sorted(by: { Handle.precedes($0.handle, $1.handle) }) {
            html += "<tr><th scope=\"row\"><a href=\"\(escape(href(org.handle)))\">\(escape(org.handle))</a></th><td>\(org.sector.rawValue)</td>"
            for platform in platforms {
                let last = org.platforms.first { $0.platform == platform && $0.posts > 0 }?.lastPost?.description
                html += last.map { "<td>\($0)</td>" } ?? "<td class=\"muted\">–</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n</details>\n</section>\n"
    }
}
