/// The metric tables that grow with the run, written a piece at a time: `org_months.csv` has a
/// row per organization and month (megabytes with hundreds of organizations), so it is streamed
/// an organization at a time instead of built whole.
enum MetricsFiles {
    /// `org_months.csv`, the same bytes as `MetricsCSV.orgMonths(results)`.
    /// - Parameter full: an organization's whole result where `results` holds less (its months
    ///   with posts only: the run keeps the rest on disk); nil when `results` are whole.
    static func writeOrgMonths(_ results: [OrgResult], full: ((OrgResult) throws -> OrgResult)? = nil,
                               to write: (String) throws -> Void) throws {
        var header = ""
        MetricsCSV.appendRow(OrgMonth.columns, to: &header)
        try write(header)
        for result in results.sorted(by: { Handle.precedes($0.handle, $1.handle) }) {
            var rows = ""
            let months = try full?(result).months ?? result.months
            for month in months { MetricsCSV.appendRow(month.fields(handle: result.handle), to: &rows) }
            try write(rows)
        }
    }
}
