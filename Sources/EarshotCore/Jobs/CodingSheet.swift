import Foundation

/// A coding sheet: the CSV that `earshot codebook` writes and human coders fill, one post a row.
/// Columns: `id, org, created, kind, link, text` (the post, for the coder to read) and `ica,
/// promotional, ambiguous, note` (empty, for the coder). `earshot validate` reads it back by
/// column name: it needs `id`, `org`, `ica`, `promotional` and `ambiguous`, in any order, and
/// ignores the others (a coder may add columns of their own).
public struct CodingSheet: Sendable {
    public static let columns = ["id", "org", "created", "kind", "link", "text", "ica", "promotional", "ambiguous", "note"]
    static let required = ["id", "org", "ica", "promotional", "ambiguous"]

    /// One filled row.
    public struct Row: Sendable, Equatable {
        /// The physical line of the row in the sheet (an editor's line number).
        public var line: Int
        public var org: String
        public var id: String
        public var code: HumanCode
    }

    /// The path as given: it names the coder in every figure.
    public var path: String
    public var rows: [Row]

    /// What a coder may write in a cell (case and surrounding spaces do not matter).
    static let yes: Set<String> = ["yes", "y", "x", "1", "true"]
    static let no: Set<String> = ["", "no", "n", "0", "false"]

    /// Reads a filled sheet. Errors name the sheet and the line: a missing column, an empty or
    /// mangled id, an unknown label, the same post twice, a sheet without any coded post.
    public static func read(path: String) throws -> CodingSheet {
        let source: FileSource
        do { source = try FileSource(path: path) } catch { throw CodingSheetError(path: path, line: 0, message: "cannot be read: \(error)") }
        var reader = CSVReader(source: source)
        func fail(_ line: Int, _ message: String) -> CodingSheetError { CodingSheetError(path: path, line: line, message: message) }
        let header: CSVRecord
        do {
            guard let first = try reader.next() else { throw fail(1, "the sheet is empty (expected a header: \(columns.joined(separator: ",")))") }
            header = first
        } catch let error as CodingSheetError { throw error } catch { throw fail(1, "cannot be read: \(error)") }
        var index: [String: Int] = [:]
        for k in 0..<header.count {
            let name = header.string(at: k).trimmingCharacters(in: .whitespaces).lowercased()
            if index[name] == nil { index[name] = k }
        }
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty {
            let semicolons = header.count == 1 && header.string(at: 0).contains(";")
            throw fail(header.line, "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))"
                + (semicolons ? " (the sheet is separated by semicolons: save it as CSV with commas)" : ""))
        }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        while true {
            let record: CSVRecord
            do {
                guard let next = try reader.next() else { break }
                record = next
            } catch { throw fail(0, "cannot be read: \(error)") }
            if let problem = record.problem { throw fail(record.line, "unreadable row (\(problem.rawValue))") }
            func cell(_ name: String) -> String {
                let k = index[name]!
                return k < record.count ? record.string(at: k).trimmingCharacters(in: .whitespacesAndNewlines) : ""
            }
            let id = cell("id"), org = Handle.normalize(cell("org"))
            if id.isEmpty && org.isEmpty && cell("ica").isEmpty && cell("promotional").isEmpty { continue } // a blank row
            guard !id.isEmpty else { throw fail(record.line, "empty id") }
            guard !org.isEmpty else { throw fail(record.line, "empty org") }
            if looksLikeScientific(id) {
                throw fail(record.line, "id \(id) is a number in scientific notation: a spreadsheet turned the ids into numbers; import the id column as text and save again")
            }
            let ica: ICAClass?
            switch cell("ica").lowercased() {
            case "": ica = nil
            case let label:
                guard let known = ICAClass(rawValue: label) else {
                    throw fail(record.line, "unknown ica label \"\(cell("ica"))\" (information, community, action, or empty)")
                }
                ica = known
            }
            let promotional: PromotionalCode?
            switch cell("promotional").lowercased() {
            case "": promotional = nil
            case let label:
                guard let known = PromotionalCode(rawValue: label) else {
                    throw fail(record.line, "unknown promotional label \"\(cell("promotional"))\" (self, mixed, no, or empty)")
                }
                promotional = known
            }
            let ambiguousCell = cell("ambiguous").lowercased()
            guard yes.contains(ambiguousCell) || no.contains(ambiguousCell) else {
                throw fail(record.line, "unknown ambiguous mark \"\(cell("ambiguous"))\" (yes or empty)")
            }
            let key = org + "\u{0}" + id
            if let earlier = seen[key] { throw fail(record.line, "post @\(org) \(id) again (first on line \(earlier))") }
            seen[key] = record.line
            rows.append(Row(line: record.line, org: org, id: id,
                            code: HumanCode(ica: ica, promotional: promotional, ambiguous: yes.contains(ambiguousCell))))
        }
        guard rows.contains(where: { $0.code.ica != nil || $0.code.promotional != nil }) else {
            throw fail(0, rows.isEmpty ? "no rows" : "no post is coded (every ica and promotional cell is empty)")
        }
        return CodingSheet(path: path, rows: rows)
    }

    /// `1.23457E+18`: what a spreadsheet makes of a snowflake id it took for a number.
    static func looksLikeScientific(_ id: String) -> Bool {
        let upper = id.uppercased()
        guard let e = upper.firstIndex(of: "E") else { return false }
        let mantissa = upper[..<e], exponent = upper[upper.index(after: e)...]
        return !mantissa.isEmpty && mantissa.allSatisfy { $0.isNumber || $0 == "." || $0 == "," }
            && exponent.first.map { $0 == "+" } == true && exponent.dropFirst().allSatisfy(\.isNumber) && exponent.count > 1
    }

    /// A text cell as spreadsheets should show it: text starting with `=`, `+`, `-` or `@` gets
    /// a leading apostrophe, or a spreadsheet would read it as a formula (`@user thanks` is an
    /// error in Excel). The text column is for the coder to read; validate never reads it.
    static func safeText(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }
}

/// A coding sheet that cannot be used, with its place.
public struct CodingSheetError: Error, CustomStringConvertible, Equatable {
    public var path: String
    /// 0 when the problem is the sheet as a whole.
    public var line: Int
    public var message: String

    public var description: String { line > 0 ? "\(path) line \(line): \(message)" : "\(path): \(message)" }
}
