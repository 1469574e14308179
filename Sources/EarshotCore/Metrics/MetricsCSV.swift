/// The four metric tables as CSV (outputs.md): UTF-8, comma, a header row, LF line ends, a field
/// quoted only when it holds a comma, a quote, CR or LF. Rows are sorted as outputs.md says;
/// the input order of the results does not matter.
public enum MetricsCSV {
    /// `organizations.csv`: one row per organization, by handle (code points of the lower-case form).
    public static func organizations(_ results: [OrgResult]) -> String {
        var out = header(OrganizationMetrics.columns)
        for result in sortedByHandle(results) { appendRow(result.metrics.fields, to: &out) }
        return out
    }

    /// `org_months.csv`: by handle, then month.
    public static func orgMonths(_ results: [OrgResult]) -> String {
        var out = header(OrgMonth.columns)
        for result in sortedByHandle(results) {
            for month in result.months { appendRow(month.fields(handle: result.handle), to: &out) }
        }
        return out
    }

    /// `sectors.csv`: by sector.
    public static func sectors(_ result: SectorResult) -> String {
        var out = header(SectorMetrics.columns)
        for row in result.sectors.sorted(by: { $0.sector < $1.sector }) { appendRow(row.fields, to: &out) }
        return out
    }

    /// `sector_months.csv`: by sector, then month.
    public static func sectorMonths(_ result: SectorResult) -> String {
        var out = header(SectorMonth.columns)
        let rows = result.months.sorted { $0.sector != $1.sector ? $0.sector < $1.sector : $0.month < $1.month }
        for row in rows { appendRow(row.fields, to: &out) }
        return out
    }

    /// One field, quoted when it must be (RFC 4180).
    public static func field(_ value: String) -> String {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Gathered as bytes and appended once: a `String` append per field and per comma made
    /// org_months.csv (a row per organization and month) a noticeable serial end of a run.
    static func appendRow(_ fields: [String], to out: inout String) {
        var row: [UInt8] = []
        row.reserveCapacity(16 * fields.count)
        for (i, value) in fields.enumerated() {
            if i > 0 { row.append(0x2C) }
            append(value, to: &row)
        }
        row.append(0x0A)
        out += String(decoding: row, as: UTF8.self)
    }

    /// A field's bytes, quoted (with `"` doubled) when it holds a comma, a quote, CR or LF.
    private static func append(_ value: String, to row: inout [UInt8]) {
        var value = CSVCell.prepared(value)
        value.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
                row.append(contentsOf: bytes)
                return
            }
            row.append(0x22)
            for b in bytes {
                row.append(b)
                if b == 0x22 { row.append(0x22) }
            }
            row.append(0x22)
        }
    }

    private static func header(_ columns: [String]) -> String {
        var out = ""
        appendRow(columns, to: &out)
        return out
    }

    private static func sortedByHandle(_ results: [OrgResult]) -> [OrgResult] {
        results.sorted { Handle.precedes($0.handle, $1.handle) }
    }
}
