import Foundation

/// Organizations as points: promo share (x) against engagement rate (y), by sector, with the
/// verdict thresholds as vertical lines. The rate is `engagement_rate_followers`, or
/// `engagement_rate_impressions` (a hollow marker) where followers are unknown. Rates spread
/// over orders of magnitude, so the y axis turns logarithmic when they span more than 30 times.
enum PromoScatterChart {
    struct Point {
        var handle: String
        var href: String
        var sector: Sector
        var promoShare: Double
        var rate: Double
        var perImpression: Bool
    }

    static func points(_ organizations: [OrgResult], href: (String) -> String) -> [Point] {
        organizations.compactMap { org in
            let m = org.metrics
            guard let share = m.promoShare else { return nil }
            if let rate = m.engagementRateFollowers, rate.isFinite {
                return Point(handle: org.handle, href: href(org.handle), sector: org.sector, promoShare: share, rate: rate, perImpression: false)
            }
            if let rate = m.engagementRateImpressions, rate.isFinite {
                return Point(handle: org.handle, href: href(org.handle), sector: org.sector, promoShare: share, rate: rate, perImpression: true)
            }
            return nil
        }
    }

    /// The chart, or nil when no organization has both numbers.
    /// - Parameter merged: points that fall on the same spot (6 pixels) of the same sector are
    ///   drawn as one marker, without a link, its title saying how many organizations it stands
    ///   for: with tens of thousands of organizations, one linked point each made the index page
    ///   tens of megabytes.
    static func svg(_ organizations: [OrgResult], thresholds: MetricThresholds, href: (String) -> String,
                    id: String = "chart-scatter", merged: Bool = false) -> String? {
        let points = points(organizations, href: href)
        guard !points.isEmpty else { return nil }
        let width = 960.0
        let sectors = Sector.allCases.filter { s in points.contains { $0.sector == s } }
        let anyHollow = points.contains(where: \.perImpression)
        let allHollow = points.allSatisfy(\.perImpression)
        var legendLabels = sectors.map(\.rawValue)
        if anyHollow && !allHollow { legendLabels.append("hollow: engagements ÷ impressions (followers unknown)") }
        let legend = ChartLegend.layout(labels: legendLabels, symbolWidth: 14, from: 72, to: width - 16)
        let legendRows = Double(ChartLegend.rows(legend))
        let titleY = 16 + legendRows * ChartLegend.rowHeight + 12
        let top = titleY + 30
        let area = PlotArea(left: 72, top: top, width: width - 72 - 24, height: 330)

        // y scale: logarithmic for widely spread rates, with zero rates on a strip below.
        let positives = points.map(\.rate).filter { $0 > 0 }
        let hasZero = points.contains { $0.rate <= 0 }
        var zeroStrip = 0.0
        let yOf: (Double) -> Double
        var yTicks: [(y: Double, label: String)] = []
        var logarithmic = false
        if let lo = positives.min(), let hi = positives.max(), hi / lo >= 30 {
            logarithmic = true
            zeroStrip = hasZero ? 26 : 0
            let a = floor(log10(lo)), b = max(a + 1, ceil(log10(hi)))
            let scale = LogScale(lo: pow(10, a), hi: pow(10, b), range: (area.bottom - zeroStrip, area.top))
            yOf = { $0 > 0 ? scale($0) : area.bottom - 6 }
            var e = a
            while e <= b {
                let v = pow(10, e)
                yTicks.append((scale(v), DisplayNumber.percentTick(v)))
                if b - a <= 2, e < b {
                    yTicks.append((scale(2 * v), DisplayNumber.percentTick(2 * v)))
                    yTicks.append((scale(5 * v), DisplayNumber.percentTick(5 * v)))
                }
                e += 1
            }
            if hasZero { yTicks.append((area.bottom - 6, "0")) }
        } else {
            let ticks = ChartAxes.niceTicks(maximum: positives.max() ?? 0.01, count: 5)
            let scale = LinearScale(domain: (0, ticks.last ?? 1), range: (area.bottom, area.top))
            yOf = { scale($0) }
            yTicks = ticks.map { (scale($0), DisplayNumber.percentTick($0)) }
        }

        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 56)
        let x = LinearScale(domain: (0, 1), range: (area.left, area.right))

        // Verdict regions: a light tint that also prints in grey, named at the top.
        let cuts = [0, min(max(thresholds.promotional, 0), 1), min(max(thresholds.relentless, 0), 1), 1]
        let regionNames = ["balanced", "promotional", "relentless"]
        let tints = ["#ffffff", "#f3f3f3", "#e6e6e6"]
        for r in 0..<3 where cuts[r + 1] > cuts[r] {
            canvas.rect(x(cuts[r]), area.top, x(cuts[r + 1]) - x(cuts[r]), area.height, fill: tints[r])
            if x(cuts[r + 1]) - x(cuts[r]) > SVGCanvas.textWidth(regionNames[r]) + 8 {
                canvas.text(regionNames[r], x: (x(cuts[r]) + x(cuts[r + 1])) / 2, y: area.top + 16, anchor: "middle",
                            size: 12, weight: "600", fill: "#555")
            }
        }
        ChartAxes.drawYAxis(&canvas, area: area, ticks: yTicks, title: nil)
        if logarithmic, hasZero {
            canvas.line(area.left - 4, area.bottom - zeroStrip + 4, area.left + 4, area.bottom - zeroStrip - 2, stroke: ChartPalette.axis)
        }
        canvas.line(area.left, area.bottom, area.right, area.bottom, stroke: ChartPalette.axis)
        for tick in stride(from: 0.0, through: 1.0, by: 0.1) {
            canvas.line(x(tick), area.bottom, x(tick), area.bottom + 5, stroke: ChartPalette.axis)
            canvas.text(DisplayNumber.fixed(tick * 100, places: 0) + "%", x: x(tick), y: area.bottom + 19, anchor: "middle")
        }
        canvas.text("Promotional posts (share of all the organization's posts)", x: area.left + area.width / 2,
                    y: area.bottom + 42, anchor: "middle", size: 13)
        let yTitle: String
        if allHollow {
            yTitle = "Engagement rate: engagements ÷ impressions (followers unknown)"
        } else {
            yTitle = "Engagement rate: mean interactions per post ÷ followers" + (anyHollow ? " (hollow: per impression)" : "")
        }
        canvas.text(yTitle + (logarithmic ? ", logarithmic scale" : ""), x: 8, y: titleY, size: 13)

        // Threshold lines.
        let defaults = MetricThresholds()
        // Labelled above the plot: the lower one to the left of its line, the upper to the right.
        for (k, (value, name)) in [(thresholds.promotional, thresholds.promotional == defaults.promotional ? "80/20 rule" : "threshold"),
                                   (thresholds.relentless, thresholds.relentless == defaults.relentless ? "rule of thirds" : "threshold")].enumerated()
        where value > 0 && value < 1 {
            canvas.line(x(value), area.top - 4, x(value), area.bottom, stroke: ChartPalette.threshold, width: 1.5, dash: "6 4")
            canvas.text("\(name) \(DisplayNumber.percent(value))", x: x(value) + (k == 0 ? -4 : 4), y: area.top - 7,
                        anchor: k == 0 ? "end" : "start", size: 11, fill: "#333")
        }

        // Legend.
        for (k, place) in legend.enumerated() {
            let ly = 22 + Double(place.row) * ChartLegend.rowHeight
            if k < sectors.count {
                let style = ChartPalette.style(sectors[k])
                canvas.raw(ChartPalette.marker(style.marker, x: place.x + 7, y: ly, size: 11, colour: style.colour))
            } else {
                canvas.raw(ChartPalette.marker(.circle, x: place.x + 7, y: ly, size: 11, colour: "#333", hollow: true))
            }
            canvas.text(legendLabels[k], x: place.x + 20, y: ly + 5, size: 13)
        }

        // Points, drawn in a fixed order (by handle, as given) so the output is deterministic.
        var boxes: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        var placed: [(px: Double, py: Double)] = []
        struct Spot: Hashable { var sector: Sector; var hollow: Bool; var x: Int; var y: Int }
        var spots: [Spot: (first: Int, count: Int)] = [:]
        if merged {
            for (i, p) in points.enumerated() {
                let spot = Spot(sector: p.sector, hollow: p.perImpression, x: Int(x(p.promoShare) / 6), y: Int(yOf(p.rate) / 6))
                spots[spot, default: (i, 0)].count += 1
            }
        }
        for (i, p) in points.enumerated() {
            let px = x(p.promoShare), py = yOf(p.rate)
            placed.append((px, py))
            let style = ChartPalette.style(p.sector)
            if merged {
                let spot = Spot(sector: p.sector, hollow: p.perImpression, x: Int(px / 6), y: Int(py / 6))
                guard let group = spots[spot], group.first == i else { continue }
                boxes.append((px - 6, py - 6, px + 6, py + 6))
                let tip = group.count == 1 ? "@\(p.handle) (\(p.sector.rawValue))" : "\(group.count) organizations (\(p.sector.rawValue))"
                canvas.raw("<g class=\"point\"><title>\(HTMLEscaping.escape(tip))</title>"
                           + ChartPalette.marker(style.marker, x: px, y: py, size: 11, colour: style.colour,
                                                 hollow: p.perImpression, extra: "fill-opacity=\"0.85\"") + "</g>")
                continue
            }
            boxes.append((px - 6, py - 6, px + 6, py + 6))
            let tip = "@\(p.handle) (\(p.sector.rawValue)): promo share \(DisplayNumber.percent(p.promoShare)), engagement rate \(DisplayNumber.rate(p.rate))\(p.perImpression ? " per impression" : " per follower")"
            canvas.raw("<a href=\"\(HTMLEscaping.escape(p.href))\" class=\"point\"><title>\(HTMLEscaping.escape(tip))</title>"
                       + ChartPalette.marker(style.marker, x: px, y: py, size: 11, colour: style.colour,
                                             hollow: p.perImpression, extra: "fill-opacity=\"0.85\"") + "</a>")
        }

        // Labels for the most promotional organizations, where they fit without overlapping.
        let order = points.indices.sorted { a, b in
            points[a].promoShare != points[b].promoShare ? points[a].promoShare > points[b].promoShare : a < b
        }
        var labels = 0
        // (Merged, only the first few hundred are tried: each try looks at every marker.)
        for i in order.prefix(merged ? 200 : order.count) where labels < 12 {
            let text = "@" + points[i].handle
            let w = SVGCanvas.textWidth(text, size: 11), h = 12.0
            let (px, py) = placed[i]
            let candidates: [(x: Double, y: Double, anchor: String, box: (Double, Double, Double, Double))] = [
                (px + 9, py + 4, "start", (px + 8, py - 7, px + 9 + w, py + 6)),
                (px - 9, py + 4, "end", (px - 9 - w, py - 7, px - 8, py + 6)),
                (px, py - 10, "middle", (px - w / 2, py - 10 - h + 2, px + w / 2, py - 8)),
                (px, py + 19, "middle", (px - w / 2, py + 8, px + w / 2, py + 21)),
            ]
            for c in candidates {
                let b = c.box
                guard b.0 >= area.left, b.2 <= area.right, b.1 >= area.top + 20, b.3 <= area.bottom else { continue }
                let clash = boxes.contains { o in b.0 < o.x1 && o.x0 < b.2 && b.1 < o.y1 && o.y0 < b.3 }
                if clash { continue }
                boxes.append((b.0, b.1, b.2, b.3))
                canvas.raw("<text x=\"\(SVGCanvas.number(c.x))\" y=\"\(SVGCanvas.number(c.y))\" font-size=\"11\" text-anchor=\"\(c.anchor)\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(HTMLEscaping.escape(text))</text>")
                labels += 1
                break
            }
        }

        let verdictCounts = regionNames.indices.map { r in
            points.filter { r == 0 ? $0.promoShare <= thresholds.promotional : r == 1 ? ($0.promoShare > thresholds.promotional && $0.promoShare <= thresholds.relentless) : $0.promoShare > thresholds.relentless }.count
        }
        let missing = organizations.filter { $0.metrics.posts > 0 }.count - points.count
        var description = "\(points.count) organizations: \(verdictCounts[0]) balanced (promo share up to \(DisplayNumber.percent(thresholds.promotional))), \(verdictCounts[1]) promotional, \(verdictCounts[2]) relentless (above \(DisplayNumber.percent(thresholds.relentless)))."
        if missing > 0 { description += " \(missing) organizations with posts but no engagement rate are not drawn." }
        if merged { description += " Organizations on the same spot share one marker." }
        description += " Each organization's numbers are in the organizations table."
        return canvas.svg(title: "Promotional share against engagement rate, one point per organization", description: description)
    }
}
