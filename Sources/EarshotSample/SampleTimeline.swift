import EarshotCore
/// When an organization posts: the i-th of its N posts is a pure function of (seed, org, i), so
/// the generator can walk the history newest first (as exports list it) and still know the time
/// and id of any older post (a thread's parent, a self-repost's original) without storing them.
struct SampleTimeline {
    let count: Int
    private let key: UInt64
    private let utcOffset: Int64
    private let first: Int64
    private let last: Int64
    /// Segment boundaries (calendar months clipped to [first, last]) and the cumulative share of
    /// posts at each boundary.
    private var boundaries: [Int64] = []
    private var cumulative: [Double] = []
    private let worker: UInt64

    init(org: SampleOrganization, seed: UInt64) {
        count = org.postCount
        key = sampleHash(seed, org.stream, 0x7173)
        utcOffset = Int64(org.utcOffset)
        first = org.firstPost
        last = org.lastPost
        worker = UInt64(org.index) & 0x3FF
        var random = SampleRandom(seed: seed, stream: org.stream ^ 0xA11CE)
        let southern = SampleCountry.all[org.country].southern
        var weights: [Double] = []
        var start = first
        var level = 1.0
        var months = 0
        // A new platform is a fresh start: organizations post more in their first Bluesky months.
        let fresh = org.plan.bluesky?.moveDate ?? .max
        boundaries.append(first)
        while start < last {
            let end = min(SampleCalendar.nextMonthStart(start), last)
            let c = SampleCalendar.civil(start)
            let monthLength = Double(SampleCalendar.daysInMonth(year: c.year, month: c.month)) * 86_400
            // New accounts take a year or so to find their rhythm.
            let ramp = min(1, 0.25 + 0.75 * Double(months) / 15)
            let season: Double
            switch (c.month, southern) {
            case (12, false), (1, true): season = 0.75
            case (8, false), (12, true): season = 0.85
            default: season = 1
            }
            level *= SampleMath.exp(0.12 * random.normal())
            level = min(2.5, max(0.4, level))
            let noise = SampleMath.exp(0.3 * random.normal())
            let boost = end > fresh ? 4.0 : 1.0
            weights.append(Double(end - start) / monthLength * ramp * season * level * noise * Self.eraActivity(c.year) * boost)
            boundaries.append(end)
            start = end
            months += 1
        }
        var total = 0.0
        for w in weights { total += w }
        cumulative = [0]
        var running = 0.0
        for w in weights {
            running += w
            cumulative.append(total > 0 ? running / total : 1)
        }
        cumulative[cumulative.count - 1] = 1
    }

    /// How much organizations posted in a year, relative to the peak (about 2013 to 2015).
    static func eraActivity(_ year: Int) -> Double {
        switch year {
        case ..<2008: return 0.5
        case 2008: return 0.6
        case 2009: return 0.8
        case 2010: return 1.0
        case 2011: return 1.1
        case 2012: return 1.2
        case 2013, 2014: return 1.25
        case 2015: return 1.2
        case 2016: return 1.1
        case 2017: return 1.0
        case 2018: return 0.95
        case 2019: return 0.9
        case 2020: return 0.95
        case 2021: return 0.85
        case 2022: return 0.75
        case 2023: return 0.55
        default: return 0.45
        }
    }

    /// The UTC time (seconds) and milliseconds of post `i` (0 is the oldest).
    func time(of i: Int) -> (seconds: Int64, millis: Int) {
        let bits = sampleHash(key, UInt64(i))
        let x = (Double(i) + unitInterval(bits)) / Double(max(1, count))
        // The segment holding x.
        var low = 0
        var high = cumulative.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if cumulative[mid] <= x { low = mid } else { high = mid }
        }
        let span = cumulative[high] - cumulative[low]
        let f = span > 0 ? (x - cumulative[low]) / span : 0
        let position = Double(boundaries[low]) + f * Double(boundaries[high] - boundaries[low])
        // Office hours: squeeze each local day into 07:30 to 21:30 (monotonic, so order holds).
        let local = Int64(position) + utcOffset
        var day = local / 86_400
        var rest = local % 86_400
        if rest < 0 { rest += 86_400; day -= 1 }
        let warped = day * 86_400 + 27_000 + rest * 50_400 / 86_400 - utcOffset
        let seconds = min(max(warped, first), last)
        return (seconds, Int(bits >> 54) % 1000)
    }

    /// The status id of post `i`.
    func id(of i: Int) -> UInt64 {
        let t = time(of: i)
        return Self.statusId(seconds: t.seconds, millis: t.millis, worker: worker, sequence: UInt64(i))
    }

    /// Twitter's ids: sequential (about 200 a second) before November 2010, then snowflakes
    /// (milliseconds since 2010-11-04 01:42:54.657 UTC, worker and sequence bits).
    static func statusId(seconds: Int64, millis: Int, worker: UInt64, sequence: UInt64) -> UInt64 {
        let snowflakeEpochMillis: Int64 = 1_288_834_974_657
        let ms = seconds * 1000 + Int64(millis)
        if ms < snowflakeEpochMillis + 60_000 {
            let base: Int64 = 1_142_899_200  // 2006-03-21
            return UInt64(max(1, seconds - base)) * 200 + sequence % 200
        }
        return UInt64(ms - snowflakeEpochMillis) << 22 | (worker & 0x3FF) << 12 | (sequence & 0xFFF)
    }
}
