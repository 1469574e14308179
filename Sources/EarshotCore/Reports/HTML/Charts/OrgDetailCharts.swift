/// The organization page's charts of issue 15: engagement per month, the smoothed promo share
/// over the monthly post counts, and the weekday x hour heat maps. Every chart is drawn at its
/// viewBox size (the page scrolls it sideways on a phone rather than shrinking it), so its
/// text is never under 11 px. Sizes follow the months or the 168 cells, never the posts.
enum OrgDetailCharts {
    static let width = MonthlyCharts.width
    static let left = MonthlyCharts.left
    static let right = MonthlyCharts.right

    /// Mean interactions per measured post, by month (bars); months without measured posts
    /// are left empty. Nil when no month has measured posts.
    static func engagementByMonth(_ org: OrgResult, id: String = "chart-engagement-by-month") -> String? {
        let months = org.months
        let means: [Double?] = months.map { m in
            guard m.measuredPosts > 0, let total = m.interactions else { return nil }
            return Double(total) / Double(m.measuredPosts)
        }
        guard let top = means.compactMap({ $0 }).max() else { return nil }
        let area = PlotArea(left: left, top: 36, width: width - left - right, height: 200)
        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 40)
        let bands = MonthBands(months: months.map(\.month), left: area.left, width: area.width)
        let ticks = ChartAxes.niceTicks(maximum: top, count: 4)
        let y = LinearScale(domain: (0, ticks.last ?? 1), range: (area.bottom, area.top))
        ChartAxes.drawYAxis(&canvas, area: area, ticks: ticks.map { (y($0), DisplayNumber.amount($0)) }, title: "Interactions")
        canvas.text("mean interactions per measured post, by month (no bar: no counters that month)", x: area.left, y: 22, size: 13)
        for (i, mean) in means.enumerated() {
            guard let mean else { continue }
            let gap = bands.bandWidth > 4 ? 1.0 : 0
            canvas.raw("<g><title>\(months[i].month): \(DisplayNumber.amount(mean)) interactions per post (\(DisplayNumber.count(months[i].measuredPosts)) measured posts)</title>")
            canvas.rect(bands.start(i) + gap, y(mean), max(0.5, bands.bandWidth - 2 * gap), area.bottom - y(mean), fill: ChartPalette.information)
            canvas.raw("</g>")
        }
        ChartAxes.drawMonthAxis(&canvas, area: area, bands: bands)
        let best = means.enumerated().compactMap { i, v in v.map { (i, $0) } }.max { $0.1 < $1.1 }
        return canvas.svg(
            title: "Engagement per month, @\(org.handle)",
            description: "Mean interactions (likes, reposts, replies, quotes) per measured post in each month from \(months[0].month) to \(months[months.count - 1].month); highest \(best.map { "\(months[$0.0].month) with \(DisplayNumber.amount($0.1))" } ?? "none"). The numbers are in the table below.")
    }

    /// The rolling 3-month promo share as a line (top panel) over the posts of each month as bars
    /// (bottom panel): a share resting on few posts reads as such.
    static func rollingPromo(_ org: OrgResult, thresholds: MetricThresholds, id: String = "chart-promo-rolling") -> String? {
        let months = org.months
        guard !months.isEmpty else { return nil }
        let rolling = RollingShare.promo(months)
        let share = PlotArea(left: left, top: 40, width: width - left - right, height: 170)
        let counts = PlotArea(left: left, top: share.bottom + 24, width: share.width, height: 80)
        var canvas = SVGCanvas(id: id, width: width, height: counts.bottom + 40)
        let bands = MonthBands(months: months.map(\.month), left: share.left, width: share.width)
        let y = LinearScale(domain: (0, 1), range: (share.bottom, share.top))
        ChartAxes.drawYAxis(&canvas, area: share, ticks: stride(from: 0.0, through: 1.0, by: 0.25).map {
            (y($0), DisplayNumber.fixed($0 * 100, places: 0) + "%")
        }, title: "Promotional")
        for value in [thresholds.promotional, thresholds.relentless] where value > 0 && value < 1 {
            canvas.line(share.left, y(value), share.right, y(value), stroke: ChartPalette.threshold, width: 1.2, dash: "6 4")
            canvas.text(DisplayNumber.percent(value), x: share.right + 6, y: y(value) + 4, size: 12, fill: "#333")
        }
        canvas.line(share.left, 20, share.left + 28, 20, stroke: ChartPalette.action, width: 2.5)
        canvas.text("promo share, rolling 3 months (gaps: no posts in the window)", x: share.left + 34, y: 24, size: 13)
        let n = SVGCanvas.number
        var d = ""
        var penDown = false
        for (i, value) in rolling.enumerated() {
            guard let value else { penDown = false; continue }
            d += (penDown ? "L" : "M") + "\(n(bands.centre(i))) \(n(y(value)))"
            penDown = true
        }
        canvas.raw("<path d=\"\(d)\" fill=\"none\" stroke=\"\(ChartPalette.action)\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>")
        if months.count <= 60 {
            for (i, value) in rolling.enumerated() {
                guard let value else { continue }
                canvas.raw("<g><title>\(months[i].month): \(DisplayNumber.percent(value)) over 3 months</title>"
                           + ChartPalette.marker(.circle, x: bands.centre(i), y: y(value), size: 6, colour: ChartPalette.action) + "</g>")
            }
        }
        // Posts per month under it, on the same months.
        let most = months.map(\.posts).max() ?? 0
        let countTicks = ChartAxes.niceTicks(maximum: Double(max(1, most)), count: 2, integers: true)
        let cy = LinearScale(domain: (0, countTicks.last ?? 1), range: (counts.bottom, counts.top))
        ChartAxes.drawYAxis(&canvas, area: counts, ticks: countTicks.map { (cy($0), DisplayNumber.count(Int($0))) }, title: "Posts")
        for (i, month) in months.enumerated() where month.posts > 0 {
            let gap = bands.bandWidth > 4 ? 1.0 : 0
            canvas.rect(bands.start(i) + gap, cy(Double(month.posts)), max(0.5, bands.bandWidth - 2 * gap),
                        counts.bottom - cy(Double(month.posts)), fill: "#9aa1a8")
        }
        ChartAxes.drawMonthAxis(&canvas, area: counts, bands: bands)
        let known = rolling.compactMap { $0 }
        return canvas.svg(
            title: "Promotional share, rolling 3 months, with posts per month, @\(org.handle)",
            description: "Share of promotional posts over each month and the two before it, from \(months[0].month) to \(months[months.count - 1].month), between \(DisplayNumber.percent(known.min())) and \(DisplayNumber.percent(known.max())); bars below: posts per month (most \(DisplayNumber.count(most))). The numbers are in the table below.")
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// A weekday x hour grid: posts per cell, or the cell's median interactions. Darker is more;
    /// every cell with a value also prints it. Nil when no cell has a value.
    static func heatMap(_ details: OrgDetails, handle: String, engagement: Bool) -> String? {
        let value: (OrgDetails.HourCell) -> Double? = { engagement ? $0.medianInteractions : Double($0.posts) }
        let values = details.hours.compactMap(value)
        guard let top = values.max(), top > 0 || engagement else { return nil }
        let id = engagement ? "chart-hours-engagement" : "chart-hours-posts"
        let cellW = 36.0, cellH = 26.0, labelW = 100.0, top0 = 44.0
        var canvas = SVGCanvas(id: id, width: labelW + 24 * cellW + 8, height: top0 + 7 * cellH + 30)
        canvas.text(engagement ? "median interactions per measured authored post (blank: no measured post)"
                        : "posts (blank: none)", x: labelW, y: 18, size: 13)
        canvas.text("hour of day, \(details.timeZone)", x: labelW, y: 36, size: 12, fill: "#333")
        var cells: [Int: OrgDetails.HourCell] = [:]
        for c in details.hours { cells[(c.weekday - 1) * 24 + c.hour] = c }
        // The empty cells are one rectangle painted with a pattern of one grey cell: 168 cells
        // drawn one by one were a third of the chart's bytes.
        let n = SVGCanvas.number
        canvas.define("<pattern id=\"\(id)-empty\" x=\"\(n(labelW))\" y=\"\(n(top0))\" width=\"\(n(cellW))\" height=\"\(n(cellH))\" patternUnits=\"userSpaceOnUse\"><rect width=\"\(n(cellW - 1))\" height=\"\(n(cellH - 1))\" fill=\"#f5f6f7\"/></pattern>")
        canvas.rect(labelW, top0, 24 * cellW, 7 * cellH, fill: "url(#\(id)-empty)")
        for day in 0..<7 {
            let y = top0 + Double(day) * cellH
            canvas.text(weekdays[day], x: labelW - 8, y: y + cellH / 2 + 4, anchor: "end", size: 12, fill: "#333")
            let filled = (0..<24).compactMap { hour in cells[day * 24 + hour].flatMap { c in value(c).map { (hour, c, $0) } } }
            guard !filled.isEmpty else { continue }
            // One tooltip per weekday (the cells print their values; the table below has them all).
            let posts = filled.reduce(0) { $0 + $1.1.posts }
            let peak = filled.max { a, b in (a.2, b.0) < (b.2, a.0) }!
            canvas.raw("<g><title>\(weekdays[day]): \(DisplayNumber.count(posts)) posts in \(filled.count) hours; highest \(peak.0):00 with \(engagement ? DisplayNumber.amount(peak.2) + " median interactions" : DisplayNumber.count(peak.1.posts) + " posts")</title>")
            for (hour, c, v) in filled {
                let x = labelW + Double(hour) * cellW
                // Light to dark blue by the value's share of the largest (a square root, so that
                // small cells stay visible).
                let t = top > 0 ? (v / top).squareRoot() : 0
                canvas.rect(x, y, cellW - 1, cellH - 1, fill: Self.blue(t))
                let label = engagement ? DisplayNumber.amount(v) : DisplayNumber.count(c.posts)
                if SVGCanvas.textWidth(label, size: 11) < cellW - 2 {
                    canvas.text(label, x: x + cellW / 2 - 0.5, y: y + cellH / 2 + 4, anchor: "middle", size: 11, fill: t > 0.55 ? "#fff" : "#1f2328")
                }
            }
            canvas.raw("</g>")
        }
        for hour in stride(from: 0, to: 24, by: 1) {
            canvas.text(String(hour), x: labelW + Double(hour) * cellW + cellW / 2, y: top0 + 7 * cellH + 16, anchor: "middle", size: 12, fill: "#333")
        }
        let busiest = details.hours.max { a, b in (value(a) ?? -1, b.weekday * 24 + b.hour) < (value(b) ?? -1, a.weekday * 24 + a.hour) }
        return canvas.svg(
            title: (engagement ? "Median engagement by weekday and hour, @" : "Posts by weekday and hour, @") + handle,
            description: "A grid of 7 weekdays by 24 hours (\(details.timeZone)); \(values.count) cells with a value; highest: \(busiest.map { "\(weekdays[$0.weekday - 1]) \($0.hour):00 with \(engagement ? DisplayNumber.amount(value($0)) : DisplayNumber.count($0.posts))" } ?? "none"). The numbers are in the table below.")
    }

    /// From #eef4fa (t = 0) to #08306b (t = 1).
    static func blue(_ t: Double) -> String {
        let t = min(1, max(0, t))
        let from = (0xee, 0xf4, 0xfa), to = (0x08, 0x30, 0x6b)
        func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        let hex = [mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2)].map { v -> String in
            let s = String(v, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + hex.joined()
    }
}
