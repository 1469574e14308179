/// The two charts of an organization's page, on the same month axis: posts per month stacked by
/// class, and the share of promotional posts per month. Both aggregate by month, so their size
/// grows with the months covered, never with the posts.
enum MonthlyCharts {
    static let width = 960.0
    static let left = 64.0
    /// Room at the right for the promo chart's line labels; both charts keep it, so that their
    /// months line up.
    static let right = 100.0

    static func classBars(_ org: OrgResult, id: String = "chart-classes-by-month") -> String? {
        let months = org.months
        guard !months.isEmpty else { return nil }
        let labels = ICAClass.allCases.map { $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst() }
        let legend = ChartLegend.layout(labels: labels, symbolWidth: 16, from: left, to: width - 16)
        let top = 16 + Double(ChartLegend.rows(legend)) * ChartLegend.rowHeight + 12
        let area = PlotArea(left: left, top: top, width: width - left - right, height: 230)
        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 40)
        canvas.define(ChartPalette.classPatterns(chartID: id))
        let bands = MonthBands(months: months.map(\.month), left: area.left, width: area.width)
        let ticks = ChartAxes.niceTicks(maximum: Double(months.map(\.posts).max() ?? 1), count: 5, integers: true)
        let y = LinearScale(domain: (0, ticks.last ?? 1), range: (area.bottom, area.top))
        ChartAxes.drawYAxis(&canvas, area: area, ticks: ticks.map { (y($0), DisplayNumber.count(Int($0))) }, title: "Posts")
        for (ica, (label, place)) in zip(ICAClass.allCases, zip(labels, legend)) {
            let ly = 22 + Double(place.row) * ChartLegend.rowHeight
            canvas.rect(place.x, ly - 8, 16, 16, fill: ChartPalette.classFill(ica, chartID: id), stroke: "#222")
            canvas.text(label, x: place.x + 22, y: ly + 5, size: 13)
        }

        let padding = bands.bandWidth > 4 ? min(bands.bandWidth * 0.18, 12) : 0
        let n = SVGCanvas.number
        // The same for every bar: written once.
        let barWidth = n(max(0.5, bands.bandWidth - padding))
        let outline = bands.bandWidth > 6 ? " stroke=\"#fff\" stroke-width=\"0.5\"" : ""
        let fills = ICAClass.allCases.map { ChartPalette.classFill($0, chartID: id) }
        for (i, month) in months.enumerated() where month.posts > 0 {
            var g = "<g><title>\(month.month): \(DisplayNumber.count(month.posts)) posts, information \(DisplayNumber.count(month.information)), community \(DisplayNumber.count(month.community)), action \(DisplayNumber.count(month.action))</title>"
            let x = n(bands.start(i) + padding / 2)
            var base = 0
            for (k, count) in [month.information, month.community, month.action].enumerated() where count > 0 {
                let y0 = y(Double(base)), y1 = y(Double(base + count))
                g += "<rect x=\"\(x)\" y=\"\(n(y1))\" width=\"\(barWidth)\" height=\"\(n(y0 - y1))\" fill=\"\(fills[k])\"\(outline)/>"
                base += count
            }
            g += "</g>"
            canvas.raw(g)
        }
        ChartAxes.drawMonthAxis(&canvas, area: area, bands: bands)
        let busiest = months.max { a, b in a.posts != b.posts ? a.posts < b.posts : a.month > b.month }
        let m = org.metrics
        return canvas.svg(
            title: "Posts per month by class (information, community, action), @\(org.handle)",
            description: "\(months.count) months from \(months[0].month) to \(months[months.count - 1].month); \(DisplayNumber.count(m.posts)) posts: information \(DisplayNumber.percent(m.informationShare)), community \(DisplayNumber.percent(m.communityShare)), action \(DisplayNumber.percent(m.actionShare)). Busiest month: \(busiest.map { "\($0.month) with \(DisplayNumber.count($0.posts)) posts" } ?? "none"). The numbers are in the table below the charts.")
    }

    static func promoShare(_ org: OrgResult, thresholds: MetricThresholds, id: String = "chart-promo-by-month") -> String? {
        let months = org.months
        guard !months.isEmpty else { return nil }
        let area = PlotArea(left: left, top: 40, width: width - left - right, height: 200)
        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 40)
        let bands = MonthBands(months: months.map(\.month), left: area.left, width: area.width)
        let y = LinearScale(domain: (0, 1), range: (area.bottom, area.top))
        ChartAxes.drawYAxis(&canvas, area: area, ticks: stride(from: 0.0, through: 1.0, by: 0.25).map {
            (y($0), DisplayNumber.fixed($0 * 100, places: 0) + "%")
        }, title: "Promotional")

        // Reference lines, labelled in the right margin (moved apart where they would overlap).
        var references: [(value: Double, label: String, colour: String, dash: String)] = []
        for value in [thresholds.promotional, thresholds.relentless] where value > 0 && value < 1 {
            references.append((value, DisplayNumber.percent(value), ChartPalette.threshold, "6 4"))
        }
        if let overall = org.metrics.promoShare {
            references.append((overall, "overall " + DisplayNumber.percent(overall), "#0072B2", "2 3"))
        }
        let labelYs = ChartAxes.spread(references.map { y($0.value) + 4 }, gap: 13, within: (area.top + 4, area.bottom + 4))
        for (reference, labelY) in zip(references, labelYs) {
            canvas.line(area.left, y(reference.value), area.right, y(reference.value), stroke: reference.colour, width: 1.3, dash: reference.dash)
            canvas.text(reference.label, x: area.right + 6, y: labelY, size: 11, fill: reference.colour == ChartPalette.threshold ? "#333" : reference.colour)
        }
        // Legend.
        var legendX = area.left
        canvas.line(legendX, 20, legendX + 28, 20, stroke: ChartPalette.action, width: 2.5)
        canvas.raw(ChartPalette.marker(.circle, x: legendX + 14, y: 20, size: 7, colour: ChartPalette.action))
        let lineLabel = "promo share by month (gaps: no posts)"
        canvas.text(lineLabel, x: legendX + 34, y: 24, size: 13)
        legendX += 34 + SVGCanvas.textWidth(lineLabel, size: 13) + 20
        let defaults = MetricThresholds()
        let named = thresholds.promotional == defaults.promotional && thresholds.relentless == defaults.relentless
        canvas.line(legendX, 20, legendX + 28, 20, stroke: ChartPalette.threshold, width: 1.3, dash: "6 4")
        canvas.text(named ? "thresholds (80/20 rule, rule of thirds)" : "verdict thresholds", x: legendX + 34, y: 24, size: 13)

        // The line, broken at months without posts.
        let n = SVGCanvas.number
        var d = ""
        var penDown = false
        for (i, month) in months.enumerated() {
            guard let share = month.promoShare else { penDown = false; continue }
            d += (penDown ? "L" : "M") + "\(n(bands.centre(i))) \(n(y(share)))"
            penDown = true
        }
        canvas.raw("<path d=\"\(d)\" fill=\"none\" stroke=\"\(ChartPalette.action)\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>")
        let showMarkers = months.count <= 120
        for (i, month) in months.enumerated() {
            guard let share = month.promoShare else { continue }
            let isolated = (i == 0 || months[i - 1].promoShare == nil) && (i == months.count - 1 || months[i + 1].promoShare == nil)
            guard showMarkers || isolated else { continue }
            canvas.raw("<g><title>\(month.month): \(DisplayNumber.percent(share)) promotional (\(DisplayNumber.count(month.promotional)) of \(DisplayNumber.count(month.posts)))</title>"
                       + ChartPalette.marker(.circle, x: bands.centre(i), y: y(share), size: 7, colour: ChartPalette.action) + "</g>")
        }
        ChartAxes.drawMonthAxis(&canvas, area: area, bands: bands)
        let shares = months.compactMap(\.promoShare)
        let above = months.filter { ($0.promoShare ?? 0) > thresholds.relentless }.count
        return canvas.svg(
            title: "Share of promotional posts per month, @\(org.handle)",
            description: "Monthly promo share from \(months[0].month) to \(months[months.count - 1].month), between \(DisplayNumber.percent(shares.min())) and \(DisplayNumber.percent(shares.max())); overall \(DisplayNumber.percent(org.metrics.promoShare)). \(above) months above \(DisplayNumber.percent(thresholds.relentless)). The numbers are in the table below the charts.")
    }
}
