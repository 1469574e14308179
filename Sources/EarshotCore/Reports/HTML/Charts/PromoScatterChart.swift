import Foundation

/// Organizations as points: promo share (x) against one engagement rate (y), by sector, with
/// the verdict thresholds as vertical lines. One chart per rate (issue 15): engagement rate by
/// followers (`engagement_rate_followers`) and by impressions (`engagement_rate_impressions`)
/// are different quantities, a hundred times apart, and never share an axis. Rates spread over
/// orders of magnitude, so the y axis turns logarithmic when they span more than 30 times.
enum PromoScatterChart {
    enum Rate: String, CaseIterable {
        case followers, impressions

        var axisTitle: String {
            switch self {
            case .followers: return "Engagement rate by followers: mean interactions per post ÷ followers"
            case .impressions: return "Engagement rate by impressions: engagements ÷ impressions"
            }
        }

        func value(_ m: OrganizationMetrics) -> Double? {
            let v = self == .followers ? m.engagementRateFollowers : m.engagementRateImpressions
            return v.flatMap { $0.isFinite ? $0 : nil }
        }
    }

    struct Point {
        var handle: String
        var href: String
        var sector: Sector
        var promoShare: Double
        var rate: Double
        var perImpression: Bool
    }

    /// The organizations with a promo share and this rate.
    static func points(_ organizations: [OrgResult], rate: Rate = .followers, href: (String) -> String) -> [Point] {
        organizations.compactMap { org in
            guard let share = org.metrics.promoShare, let value = rate.value(org.metrics) else { return nil }
            return Point(handle: org.handle, href: href(org.handle), sector: org.sector, promoShare: share, rate: value,
                         perImpression: rate == .impressions)
        }
    }

    /// The y axis: where a rate goes, its ticks, and whether it is logarithmic (zero rates on a
    /// strip below the logarithmic part).
    struct YAxis {
        var position: (Double) -> Double
        var ticks: [(y: Double, label: String)]
        var logarithmic: Bool
        var zeroStrip: Double
    }

    static func yAxis(_ points: [Point], area: PlotArea) -> YAxis {
        let positives = points.map(\.rate).filter { $0 > 0 }
        let hasZero = points.contains { $0.rate <= 0 }
        if let lo = positives.min(), let hi = positives.max(), hi / lo >= 30 {
            let zeroStrip = hasZero ? 26.0 : 0
            let a = floor(log10(lo)), b = max(a + 1, ceil(log10(hi)))
            let scale = LogScale(lo: pow(10, a), hi: pow(10, b), range: (area.bottom - zeroStrip, area.top))
            var ticks: [(y: Double, label: String)] = []
            var e = a
            while e <= b {
                let v = pow(10, e)
                ticks.append((scale(v), DisplayNumber.percentTick(v)))
                if b - a <= 2, e < b {
                    ticks.append((scale(2 * v), DisplayNumber.percentTick(2 * v)))
                    ticks.append((scale(5 * v), DisplayNumber.percentTick(5 * v)))
                }
                e += 1
            }
            if hasZero { ticks.append((area.bottom - 6, "0")) }
            return YAxis(position: { $0 > 0 ? scale($0) : area.bottom - 6 }, ticks: ticks, logarithmic: true, zeroStrip: zeroStrip)
        }
        let values = ChartAxes.niceTicks(maximum: positives.max() ?? 0.01, count: 5)
        let scale = LinearScale(domain: (0, values.last ?? 1), range: (area.bottom, area.top))
        return YAxis(position: { scale($0) }, ticks: values.map { (scale($0), DisplayNumber.percentTick($0)) }, logarithmic: false, zeroStrip: 0)
    }

    /// The chart for one rate, or nil when no organization has both numbers.
    static func svg(_ organizations: [OrgResult], thresholds: MetricThresholds, rate: Rate = .followers,
                    href: (String) -> String, id: String? = nil) -> String? {
        let points = points(organizations, rate: rate, href: href)
        guard !points.isEmpty else { return nil }
        let id = id ?? (rate == .followers ? "chart-scatter" : "chart-scatter-impressions")
        let width = 960.0
        let sectors = Sector.allCases.filter { s in points.contains { $0.sector == s } }
        let legendLabels = sectors.map(\.rawValue)
        let legend = ChartLegend.layout(labels: legendLabels, symbolWidth: 14, from: 72, to: width - 16)
        let titleY = 16 + Double(ChartLegend.rows(legend)) * ChartLegend.rowHeight + 12
        let area = PlotArea(left: 72, top: titleY + 30, width: width - 72 - 24, height: 330)
        let y = yAxis(points, area: area)
        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 56)
        let x = LinearScale(domain: (0, 1), range: (area.left, area.right))
        let regionNames = drawRegions(&canvas, area: area, x: x, thresholds: thresholds)
        drawAxes(&canvas, area: area, x: x, y: y, title: rate.axisTitle, titleY: titleY)
        drawThresholds(&canvas, area: area, x: x, thresholds: thresholds)
        for (k, place) in legend.enumerated() {
            let ly = 22 + Double(place.row) * ChartLegend.rowHeight
            let style = ChartPalette.style(sectors[k])
            canvas.raw(ChartPalette.marker(style.marker, x: place.x + 7, y: ly, size: 11, colour: style.colour))
            canvas.text(legendLabels[k], x: place.x + 20, y: ly + 5, size: 13)
        }
        drawPoints(&canvas, points: points, area: area, x: x, y: y.position)
        let verdictCounts = regionNames.indices.map { r in
            points.filter { r == 0 ? $0.promoShare <= thresholds.promotional : r == 1 ? ($0.promoShare > thresholds.promotional && $0.promoShare <= thresholds.relentless) : $0.promoShare > thresholds.relentless }.count
        }
        let missing = organizations.filter { $0.metrics.posts > 0 }.count - points.count
        var description = "\(points.count) organizations with an engagement rate by \(rate.rawValue): \(verdictCounts[0]) balanced (promo share up to \(DisplayNumber.percent(thresholds.promotional))), \(verdictCounts[1]) promotional, \(verdictCounts[2]) relentless (above \(DisplayNumber.percent(thresholds.relentless)))."
        if missing > 0 { description += " \(missing) organizations with posts but no engagement rate by \(rate.rawValue) are not drawn." }
        if points.count > IndexPageModel.fullTableLimit { description += " Organizations on the same spot share one marker." }
        description += " Each organization's numbers are in the organizations table."
        return canvas.svg(title: "Promotional share against engagement rate by \(rate.rawValue), one point per organization", description: description)
    }

    /// Verdict regions: a light tint that also prints in grey, named at the top. Returns the names.
    static func drawRegions(_ canvas: inout SVGCanvas, area: PlotArea, x: LinearScale, thresholds: MetricThresholds) -> [String] {
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
        return regionNames
    }

    /// Both axes and the y axis's title (the one rate it shows).
    static func drawAxes(_ canvas: inout SVGCanvas, area: PlotArea, x: LinearScale, y: YAxis, title: String, titleY: Double) {
        ChartAxes.drawYAxis(&canvas, area: area, ticks: y.ticks, title: nil)
        if y.logarithmic, y.zeroStrip > 0 {
            canvas.line(area.left - 4, area.bottom - y.zeroStrip + 4, area.left + 4, area.bottom - y.zeroStrip - 2, stroke: ChartPalette.axis)
        }
        canvas.line(area.left, area.bottom, area.right, area.bottom, stroke: ChartPalette.axis)
        for tick in stride(from: 0.0, through: 1.0, by: 0.1) {
            canvas.line(x(tick), area.bottom, x(tick), area.bottom + 5, stroke: ChartPalette.axis)
            canvas.text(DisplayNumber.fixed(tick * 100, places: 0) + "%", x: x(tick), y: area.bottom + 19, anchor: "middle")
        }
        canvas.text("Promotional posts (share of all the organization's posts)", x: area.left + area.width / 2,
                    y: area.bottom + 42, anchor: "middle", size: 13)
        canvas.text(title + (y.logarithmic ? ", logarithmic scale" : ""), x: 8, y: titleY, size: 13)
    }

    /// The verdict thresholds as dashed lines, labelled above the plot: the lower one to the
    /// left of its line, the upper to the right.
    static func drawThresholds(_ canvas: inout SVGCanvas, area: PlotArea, x: LinearScale, thresholds: MetricThresholds) {
        let defaults = MetricThresholds()
        for (k, (value, name)) in [(thresholds.promotional, thresholds.promotional == defaults.promotional ? "80/20 rule" : "threshold"),
                                   (thresholds.relentless, thresholds.relentless == defaults.relentless ? "rule of thirds" : "threshold")].enumerated()
        where value > 0 && value < 1 {
            canvas.line(x(value), area.top - 4, x(value), area.bottom, stroke: ChartPalette.threshold, width: 1.5, dash: "6 4")
            canvas.text("\(name) \(DisplayNumber.percent(value))", x: x(value) + (k == 0 ? -4 : 4), y: area.top - 7,
                        anchor: k == 0 ? "end" : "start", size: 11, fill: "#333")
        }
    }

    /// The points, in a fixed order (by handle, as given) so the output is deterministic, then
    /// labels for the most promotional organizations where they fit without overlapping.
    static func drawPoints(_ canvas: inout SVGCanvas, points: [Point], area: PlotArea, x: LinearScale, y: (Double) -> Double) {
        var boxes: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        var placed: [(px: Double, py: Double)] = []
        // Above the index's full-table limit, points on the same spot (6 pixels) of the same
        // sector are one marker without a link, its title saying how many organizations it
        // stands for: one linked point each made the index tens of megabytes.
        struct Spot: Hashable { var sector: Sector; var x: Int; var y: Int }
        let merged = points.count > IndexPageModel.fullTableLimit
        var spots: [Spot: (first: Int, count: Int)] = [:]
        if merged {
            for (i, p) in points.enumerated() {
                spots[Spot(sector: p.sector, x: Int(x(p.promoShare) / 6), y: Int(y(p.rate) / 6)), default: (i, 0)].count += 1
            }
        }
        for (i, p) in points.enumerated() {
            let px = x(p.promoShare), py = y(p.rate)
            placed.append((px, py))
            let style = ChartPalette.style(p.sector)
            if merged {
                guard let group = spots[Spot(sector: p.sector, x: Int(px / 6), y: Int(py / 6))], group.first == i else { continue }
                boxes.append((px - 6, py - 6, px + 6, py + 6))
                let tip = group.count == 1 ? "@\(p.handle) (\(p.sector.rawValue))" : "\(group.count) organizations (\(p.sector.rawValue))"
                canvas.raw("<g class=\"point\"><title>\(HTMLEscaping.escape(tip))</title>"
                           + ChartPalette.marker(style.marker, x: px, y: py, size: 11, colour: style.colour,
                                                 extra: "fill-opacity=\"0.85\"") + "</g>")
                continue
            }
            boxes.append((px - 6, py - 6, px + 6, py + 6))
            let tip = "@\(p.handle) (\(p.sector.rawValue)): promo share \(DisplayNumber.percent(p.promoShare)), engagement rate \(DisplayNumber.rate(p.rate))\(p.perImpression ? " per impression" : " per follower")"
            canvas.raw("<a href=\"\(HTMLEscaping.escape(p.href))\" class=\"point\"><title>\(HTMLEscaping.escape(tip))</title>"
                       + ChartPalette.marker(style.marker, x: px, y: py, size: 11, colour: style.colour,
                                             extra: "fill-opacity=\"0.85\"") + "</a>")
        }
        let order = points.indices.sorted { a, b in
            points[a].promoShare != points[b].promoShare ? points[a].promoShare > points[b].promoShare : a < b
        }
        var labels = 0
        for i in order where labels < 12 {
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
    }
}
