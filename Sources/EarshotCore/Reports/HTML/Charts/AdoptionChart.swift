/// Sector adoption over months: for each sector with registered organizations, the cumulative
/// share of them that had posted by each month (`adoption_share` of `sector_months.csv`), as a
/// step line.
enum AdoptionChart {
    struct Series {
        var sector: Sector
        var registered: Int
        /// One value per month of the run, in [0, 1].
        var shares: [Double]
        var adopters: [Int]
    }

    /// The series the chart draws: sectors with registered organizations, in the order of
    /// `SectorResult` (by name).
    static func series(_ sectors: SectorResult) -> (months: [CalendarMonth], series: [Series]) {
        var months: [CalendarMonth] = []
        var out: [Series] = []
        for row in sectors.sectors where row.orgsRegistered > 0 {
            let rows = sectors.months.filter { $0.sector == row.sector }
            if months.isEmpty { months = rows.map(\.month) }
            guard rows.count == months.count else { continue }
            out.append(Series(sector: row.sector, registered: row.orgsRegistered,
                              shares: rows.map { $0.adoptionShare ?? 0 }, adopters: rows.map(\.adopters)))
        }
        guard !months.isEmpty, !out.isEmpty else { return (months, []) }
        let end = axisEnd(months: months.count, series: out)
        return (Array(months.prefix(end)), out.map { s in
            var cut = s
            cut.shares = Array(s.shares.prefix(end))
            cut.adopters = Array(s.adopters.prefix(end))
            return cut
        })
    }

    /// How many months the chart shows: up to the last month in which any sector gained an
    /// adopter, plus a quarter of the span before it (at least 3 months), never past the run's
    /// last month. After the last adoption every curve is flat: drawing a decade of it says nothing.
    static func axisEnd(months count: Int, series: [Series]) -> Int {
        var last = 0
        for s in series {
            for i in s.adopters.indices where s.adopters[i] != (i == 0 ? 0 : s.adopters[i - 1]) { last = max(last, i) }
        }
        return min(count, last + 1 + max(3, (last + 1) / 4))
    }

    /// The chart, or nil when there is nothing to draw (no registered organizations or no posts).
    static func svg(_ sectors: SectorResult, id: String = "chart-adoption") -> String? {
        let (months, series) = series(sectors)
        guard !months.isEmpty, !series.isEmpty else { return nil }
        let width = 960.0
        let labels = series.map { "\($0.sector.rawValue) (\(DisplayNumber.count($0.registered)) registered)" }
        let legend = ChartLegend.layout(labels: labels, symbolWidth: 30, from: 64, to: width - 16)
        let top = 16 + Double(ChartLegend.rows(legend)) * ChartLegend.rowHeight + 14
        let area = PlotArea(left: 64, top: top, width: 872, height: 270)
        var canvas = SVGCanvas(id: id, width: width, height: area.bottom + 40)
        let bands = MonthBands(months: months, left: area.left, width: area.width)
        let y = LinearScale(domain: (0, 1), range: (area.bottom, area.top))

        ChartAxes.drawYAxis(&canvas, area: area, ticks: stride(from: 0.0, through: 1.0, by: 0.2).map {
            (y($0), DisplayNumber.fixed($0 * 100, places: 0) + "%")
        }, title: "Share of the sector's organizations")
        ChartAxes.drawMonthAxis(&canvas, area: area, bands: bands)

        for (s, (label, place)) in zip(series, zip(labels, legend)) {
            let style = ChartPalette.style(s.sector)
            let ly = 22 + Double(place.row) * ChartLegend.rowHeight
            canvas.line(place.x, ly, place.x + 30, ly, stroke: style.colour, width: 2.5, dash: style.dash)
            canvas.raw(ChartPalette.marker(style.marker, x: place.x + 15, y: ly, size: 9, colour: style.colour))
            canvas.text(label, x: place.x + 36, y: ly + 4, size: 13)
        }

        // Lines slightly apart, so that sectors at the same share stay visible.
        let n = SVGCanvas.number
        for (k, s) in series.enumerated() {
            let style = ChartPalette.style(s.sector)
            let offset = (Double(k) - Double(series.count - 1) / 2) * 2
            var d = "M\(n(bands.start(0))) \(n(y(s.shares[0]) + offset))"
            for i in months.indices {
                if i > 0 { d += "V\(n(y(s.shares[i]) + offset))" }
                d += "H\(n(bands.start(i) + bands.bandWidth))"
            }
            var g = "<g class=\"series\">"
            g += "<title>\(HTMLEscaping.escape(s.sector.rawValue)): \(DisplayNumber.percent(s.shares.last)) of \(s.registered) organizations by \(months[months.count - 1])</title>"
            g += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"2.5\""
            if let dash = style.dash { g += " stroke-dasharray=\"\(dash)\"" }
            g += "/>"
            // A marker wherever organizations adopted, so the sectors differ by shape too.
            var previous = 0
            var markers = 0
            for i in months.indices where s.adopters[i] > previous {
                previous = s.adopters[i]
                markers += 1
                if markers > 60 { break }
                g += ChartPalette.marker(style.marker, x: bands.centre(i), y: y(s.shares[i]) + offset, size: 8, colour: style.colour)
            }
            g += "</g>"
            canvas.raw(g)
        }

        let finals = series.map {
            "\($0.sector.rawValue) \(DisplayNumber.percent($0.shares.last)) (\($0.adopters.last ?? 0) of \($0.registered))"
        }
        return canvas.svg(
            title: "Sector adoption: cumulative share of each sector's organizations that have posted, by month",
            description: "Step lines from \(months[0]) to \(months[months.count - 1]); by the last month: \(finals.joined(separator: ", ")). The numbers are in the table below the chart.")
    }
}
