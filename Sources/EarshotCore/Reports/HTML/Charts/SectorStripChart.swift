/// Per-sector distributions on the index (issue 15): every organization with posts as a dot on
/// a strip per sector, for promo share and for conversation share, with the sector's median as
/// a bar, not only the median. Its numbers (count, lowest, median, highest) are in a table
/// beside it, each organization's own in the organizations table. The section is HTML of its own
/// (`sectorStrips`), so that the index template only places it.
enum SectorStripChart {
    struct Strip {
        var sector: Sector
        var values: [(handle: String, value: Double)]
        var median: Double? { MetricNumber.median(sorted: values.map(\.value).sorted()) }
    }

    static func strips(_ organizations: [OrgResult], _ share: (OrganizationMetrics) -> Double?) -> [Strip] {
        Sector.allCases.compactMap { sector in
            let values = organizations.filter { $0.sector == sector && $0.metrics.posts > 0 }
                .compactMap { org in share(org.metrics).map { (handle: org.handle, value: $0) } }
            return values.isEmpty ? nil : Strip(sector: sector, values: values)
        }
    }

    static func svg(_ strips: [Strip], measure: String, id: String, href: (String) -> String) -> String {
        let left = 130.0, width = 960.0, rowH = 40.0, top = 34.0
        let plotW = width - left - 30
        var canvas = SVGCanvas(id: id, width: width, height: top + Double(strips.count) * rowH + 40)
        let x = LinearScale(domain: (0, 1), range: (left, left + plotW))
        canvas.text("\(measure) of each organization (dots) and the sector's median (bar)", x: left, y: 20, size: 13)
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            canvas.line(x(tick), top - 4, x(tick), top + Double(strips.count) * rowH, stroke: ChartPalette.grid)
            canvas.text(DisplayNumber.fixed(tick * 100, places: 0) + "%", x: x(tick), y: top + Double(strips.count) * rowH + 18, anchor: "middle", size: 12, fill: "#333")
        }
        for (row, strip) in strips.enumerated() {
            let cy = top + Double(row) * rowH + rowH / 2
            let style = ChartPalette.style(strip.sector)
            canvas.text("\(strip.sector.rawValue) (\(strip.values.count))", x: left - 10, y: cy + 4, anchor: "end", size: 12, fill: "#333")
            // Dots at the same spot are stacked a little apart (by their order, deterministic).
            var seen: [Int: Int] = [:]
            for point in strip.values {
                let bin = Int((point.value * 200).rounded())
                let k = seen[bin, default: 0]
                seen[bin] = k + 1
                // From the sixth on, a dot would be drawn exactly over an earlier one: left out, so
                // that tens of thousands of organizations do not make the index megabytes.
                guard k < 5 else { continue }
                let dy = Double((k % 5)) * 4 - 8
                canvas.raw("<a href=\"\(HTMLEscaping.escape(href(point.handle)))\" class=\"point\"><title>\(HTMLEscaping.escape("@\(point.handle): \(DisplayNumber.percent(point.value))"))</title>"
                           + ChartPalette.marker(style.marker, x: x(point.value), y: cy + dy, size: 8, colour: style.colour, extra: "fill-opacity=\"0.7\"") + "</a>")
            }
            if let median = strip.median {
                canvas.line(x(median), cy - 14, x(median), cy + 14, stroke: "#111", width: 3)
            }
        }
        let medians = strips.map { "\($0.sector.rawValue) \(DisplayNumber.percent($0.median))" }.joined(separator: ", ")
        return canvas.svg(title: "\(measure) per organization, by sector",
                          description: "One dot per organization with posts, one row per sector; medians: \(medians). The numbers are in the table below.")
    }

    /// The figure, both strips and the table; empty when no organization has posts.
    static func section(_ organizations: [OrgResult], href: (String) -> String) -> String {
        let promo = strips(organizations) { $0.promoShare }
        let conversation = strips(organizations) { $0.conversationShare }
        guard !promo.isEmpty else { return "" }
        var html = "<figure class=\"chart-figure\" id=\"sector-distributions\">\n<figcaption><strong>Spread within each sector.</strong> Every organization with posts as a dot, the sector's median as a bar; each dot links to its page.</figcaption>\n"
        html += "<div class=\"chart-box\">" + svg(promo, measure: "Promo share", id: "chart-strip-promo", href: href) + "</div>\n"
        html += "<div class=\"chart-box\">" + svg(conversation, measure: "Conversation share", id: "chart-strip-conversation", href: href) + "</div>\n</figure>\n"
        html += "<div class=\"table-wrap\"><table class=\"compact\">\n<caption>Promo share and conversation share per organization, by sector</caption>\n"
        html += "<thead><tr><th scope=\"col\">Sector</th><th scope=\"col\" class=\"num\">Organizations</th><th scope=\"col\" class=\"num\">Promo share, lowest</th><th scope=\"col\" class=\"num\">median</th><th scope=\"col\" class=\"num\">highest</th><th scope=\"col\" class=\"num\">Conversation share, lowest</th><th scope=\"col\" class=\"num\">median</th><th scope=\"col\" class=\"num\">highest</th></tr></thead>\n<tbody>\n"
        for (p, c) in zip(promo, conversation) {
            let pv = p.values.map(\.value), cv = c.values.map(\.value)
            html += "<tr><th scope=\"row\">\(p.sector.rawValue)</th><td class=\"num\">\(DisplayNumber.count(pv.count))</td>"
            for (values, median) in [(pv, p.median), (cv, c.median)] {
                html += "<td class=\"num\">\(DisplayNumber.percent(values.min()))</td><td class=\"num\">\(DisplayNumber.percent(median))</td><td class=\"num\">\(DisplayNumber.percent(values.max()))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody></table></div>\n"
        return html
    }
}
