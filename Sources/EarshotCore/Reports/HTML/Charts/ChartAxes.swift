import Foundation

/// The plotting rectangle of a chart, inside its margins.
struct PlotArea {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }
}

/// Maps a value range onto a pixel range linearly.
struct LinearScale {
    var domain: (lo: Double, hi: Double)
    var range: (from: Double, to: Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.hi - domain.lo
        guard span > 0 else { return range.from }
        let t = (value - domain.lo) / span
        return range.from + t * (range.to - range.from)
    }
}

/// Maps positive values onto a pixel range by their logarithm.
struct LogScale {
    var lo: Double
    var hi: Double
    var range: (from: Double, to: Double)

    func callAsFunction(_ value: Double) -> Double {
        let a = log10(lo), b = log10(hi)
        guard b > a, value > 0 else { return range.from }
        let t = (log10(value) - a) / (b - a)
        return range.from + t * (range.to - range.from)
    }
}

enum ChartAxes {
    /// Round tick values from 0 to at least `maximum`: steps of 1, 2 or 5 times a power of ten,
    /// at most about `count` of them. Counts get whole steps.
    static func niceTicks(maximum: Double, count: Int = 5, integers: Bool = false) -> [Double] {
        let top = maximum > 0 && maximum.isFinite ? maximum : 1
        let rough = top / Double(max(1, count))
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        var step = magnitude
        for multiple in [1.0, 2.0, 5.0, 10.0] where magnitude * multiple >= rough {
            step = magnitude * multiple
            break
        }
        if integers { step = max(1, step.rounded(.up)) }
        var ticks: [Double] = [0]
        var value = 0.0
        while value < top - step * 1e-9 {
            value += step
            ticks.append(value)
        }
        return ticks
    }

    /// Label positions near `wanted`, moved apart to at least `gap` and kept within `bounds`
    /// (order kept), for labels at the end of lines that may lie close together.
    static func spread(_ wanted: [Double], gap: Double, within bounds: (lo: Double, hi: Double)) -> [Double] {
        let order = wanted.indices.sorted { wanted[$0] != wanted[$1] ? wanted[$0] < wanted[$1] : $0 < $1 }
        var placed = order.map { wanted[$0] }
        for k in placed.indices {
            placed[k] = max(placed[k], bounds.lo)
            if k > 0 { placed[k] = max(placed[k], placed[k - 1] + gap) }
        }
        if let last = placed.last, last > bounds.hi {
            placed[placed.count - 1] = bounds.hi
            for k in stride(from: placed.count - 2, through: 0, by: -1) { placed[k] = min(placed[k], placed[k + 1] - gap) }
        }
        var out = wanted
        for (k, index) in order.enumerated() { out[index] = placed[k] }
        return out
    }

    /// Horizontal grid lines with labels at the left of the plot.
    static func drawYAxis(_ canvas: inout SVGCanvas, area: PlotArea, ticks: [(y: Double, label: String)],
                          title: String?) {
        for tick in ticks {
            canvas.line(area.left, tick.y, area.right, tick.y, stroke: ChartPalette.grid)
            canvas.text(tick.label, x: area.left - 6, y: tick.y + 4, anchor: "end", size: 12, fill: "#333")
        }
        canvas.line(area.left, area.top, area.left, area.bottom, stroke: ChartPalette.axis)
        if let title {
            canvas.text(title, x: 14, y: area.top + area.height / 2, anchor: "middle", size: 12,
                        fill: "#333", rotate: -90)
        }
    }

    /// A month axis under the plot: one band per month, labels thinned so that they never
    /// overlap (every month, quarter, half year, year, or several years).
    static func drawMonthAxis(_ canvas: inout SVGCanvas, area: PlotArea, bands: MonthBands) {
        canvas.line(area.left, area.bottom, area.right, area.bottom, stroke: ChartPalette.axis)
        for label in bands.labels(maxLabels: max(1, Int(area.width / 66))) {
            let x = bands.centre(label.index)
            canvas.line(x, area.bottom, x, area.bottom + 5, stroke: ChartPalette.axis)
            canvas.text(label.text, x: x, y: area.bottom + 19, anchor: "middle", size: 12, fill: "#333")
        }
    }
}

/// Months laid out as equal bands along the x axis.
struct MonthBands {
    var months: [CalendarMonth]
    var left: Double
    var width: Double

    var bandWidth: Double { months.isEmpty ? width : width / Double(months.count) }
    func start(_ index: Int) -> Double { left + Double(index) * bandWidth }
    func centre(_ index: Int) -> Double { start(index) + bandWidth / 2 }

    /// Which months carry a label: with a step of 1, 2, 3 or 6 months, months on the calendar
    /// grid (`2020-01`, `2020-04`, ...); with longer steps, Januaries, labelled with the year.
    func labels(maxLabels: Int) -> [(index: Int, text: String)] {
        let n = months.count
        guard n > 0 else { return [] }
        let steps = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200]
        let step = steps.first { (n + $0 - 1) / $0 <= maxLabels } ?? (n + maxLabels - 1) / max(1, maxLabels)
        var out: [(index: Int, text: String)] = []
        for (i, month) in months.enumerated() {
            if step == 1 {
                out.append((i, month.description))
            } else if step < 12 {
                if (month.month - 1) % step == 0 { out.append((i, month.description)) }
            } else if month.month == 1, month.year % (step / 12) == 0 {
                out.append((i, CalendarMonth.yearText(month.year)))
            }
        }
        if out.isEmpty { out.append((0, months[0].description)) }
        return out
    }
}

/// Legend items laid out left to right, wrapping onto more rows when the chart is too narrow.
enum ChartLegend {
    static let rowHeight = 22.0

    /// x of each item and its row (0-based).
    static func layout(labels: [String], symbolWidth: Double, from start: Double, to end: Double,
                       size: Double = 13) -> [(x: Double, row: Int)] {
        var out: [(x: Double, row: Int)] = []
        var x = start, row = 0
        for label in labels {
            let width = symbolWidth + 6 + SVGCanvas.textWidth(label, size: size)
            if x > start, x + width > end {
                row += 1
                x = start
            }
            out.append((x, row))
            x += width + 22
        }
        return out
    }

    static func rows(_ layout: [(x: Double, row: Int)]) -> Int { (layout.map(\.row).max() ?? -1) + 1 }
}
