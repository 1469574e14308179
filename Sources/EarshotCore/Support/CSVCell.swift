/// What every CSV Earshot writes does to a cell's text before quoting it.
///
/// - A NUL byte is never written: it becomes U+FFFD (a NUL cuts many tools' reading of the file
///   short, and the inputs may hold one).
/// - With `--excel-safe` (`neutralizesFormulas`), a cell that a spreadsheet would run as a
///   formula, one starting with `=`, `+`, `-`, `@`, a tab or a CR, gets a `'` in front, as OWASP
///   advises for CSV injection. Cells that are plain numbers (`-3`, `+0.5`) are left as they
///   are, so metric columns stay numbers. Off by default: the data stays byte-exact for research.
public enum CSVCell {
    /// Set once by the command line before a run (`--excel-safe`); read by every CSV writer.
    nonisolated(unsafe) public static var neutralizesFormulas = false

    /// The cell as it is written (before quoting).
    @inline(__always)
    public static func prepared(_ value: String) -> String {
        guard let first = value.utf8.first else { return value }
        var value = value
        if value.utf8.contains(0) {
            var bytes: [UInt8] = []
            for byte in value.utf8 {
                if byte == 0 { bytes += [0xEF, 0xBF, 0xBD] } else { bytes.append(byte) }
            }
            value = String(decoding: bytes, as: UTF8.self)
        }
        if neutralizesFormulas, startsFormula(first), !isPlainNumber(value) { return "'" + value }
        return value
    }

    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }

    /// `-12`, `+3.5`, `-0.25`: a sign, digits and at most one `.`.
    static func isPlainNumber(_ value: String) -> Bool {
        var digits = 0, dots = 0
        for (i, byte) in value.utf8.enumerated() {
            switch byte {
            case 0x2B where i == 0, 0x2D where i == 0: continue
            case 0x30...0x39: digits += 1
            case 0x2E: dots += 1
            default: return false
            }
        }
        return digits > 0 && dots <= 1
    }
}
