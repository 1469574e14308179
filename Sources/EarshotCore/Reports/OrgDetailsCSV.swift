/// `org_hours.csv` and `org_terms.csv` (issue 15; README "Output files", the methodology
/// section of index.html): an organization's weekday x hour cells and its top hashtags and
/// link domains, for people who chart in R or Python. Streamed an organization at a time;
/// the same bytes for any thread count and file order (organizations by handle, rows in a
/// fixed order, medians with four decimals as in organizations.csv).
enum OrgDetailsCSV {
    static let hourColumns = ["org", "weekday", "hour", "posts", "median_interactions"]
    static let termColumns = ["org", "kind", "term", "posts", "median_interactions"]

    /// One row per organization, weekday (1 Monday ... 7 Sunday) and hour (0-23, in the
    /// organization's registry time zone, else UTC) with at least one post.
    static func writeHours(_ results: [OrgResult], _ details: OrgDetailsStore, to write: (String) throws -> Void) rethrows {
        var header = ""
        MetricsCSV.appendRow(hourColumns, to: &header)
        try write(header)
        for result in results.sorted(by: { Handle.precedes($0.handle, $1.handle) }) {
            guard let d = details[result.handle], !d.hours.isEmpty else { continue }
            var rows = ""
            for c in d.hours {
                MetricsCSV.appendRow([result.handle, String(c.weekday), String(c.hour), String(c.posts),
                                      MetricNumber.decimal4(c.medianInteractions)], to: &rows)
            }
            try write(rows)
        }
    }

    /// Up to `OrgDetails.termLimit` hashtags, then as many domains, per organization.
    static func writeTerms(_ results: [OrgResult], _ details: OrgDetailsStore, to write: (String) throws -> Void) rethrows {
        var header = ""
        MetricsCSV.appendRow(termColumns, to: &header)
        try write(header)
        for result in results.sorted(by: { Handle.precedes($0.handle, $1.handle) }) {
            guard let d = details[result.handle], !d.terms.isEmpty else { continue }
            var rows = ""
            for t in d.terms {
                MetricsCSV.appendRow([result.handle, t.kind.rawValue, t.term, String(t.posts),
                                      MetricNumber.decimal4(t.medianInteractions)], to: &rows)
            }
            try write(rows)
        }
    }
}
