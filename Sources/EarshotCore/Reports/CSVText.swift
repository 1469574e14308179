/// CSV as outputs.md writes it: UTF-8, comma, `"` quoting only where needed, LF line ends.
public enum CSVText {
    /// One field, quoted when it holds a comma, a quote, CR or LF.
    public static func field(_ value: String) -> String {
        let value = CSVCell.prepared(value)
        let needsQuotes = value.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One row with its line end.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}
