/// A header map's YAML measured before Yams parses it: Yams' parser recurses once per nesting
/// level, so 5,000 nested `[` overflow the stack (a crash no `catch` can turn into a message).
/// The scan is a conservative over-estimate of nesting: flow brackets outside quotes and
/// comments, plus block indentation levels, plus `- ` sequence entries opened on one line. Alias
/// uses are counted too: each one copies a node, so a few dozen nested aliases grow exponentially.
struct YAMLShape {
    /// The deepest nesting seen, and the line it was seen on (1-based).
    var depth = 0
    var depthLine = 1
    var aliases = 0

    static let maxAliases = 100

    /// Whether a quote or `*` after this byte starts a token (in `don't` the quote is text).
    private static func opensToken(_ previous: UInt8) -> Bool {
        previous == 0x20 || previous == 0x09 || previous == 0x0A || previous == 0x5B || previous == 0x7B
            || previous == 0x2C || previous == 0x3A || previous == 0x2D
    }

    init(_ text: String) {
        var flow = 0
        var indents: [Int] = []
        var line = 1
        var atLineStart = true
        var column = 0
        var dashes = 0
        var quote: UInt8 = 0
        var previous: UInt8 = 0x0A
        var inComment = false
        var blockLevel = 0
        func note(_ level: Int) {
            if level > depth { depth = level; depthLine = line }
        }
        for byte in text.utf8 {
            if byte == 0x0A {
                line += 1
                atLineStart = true
                column = 0
                dashes = 0
                inComment = false
                // Quoted scalars may span lines; only a comment ends at the line's end.
                previous = byte
                continue
            }
            if inComment { previous = byte; continue }
            if quote != 0 {
                if byte == quote && !(quote == 0x22 && previous == 0x5C) { quote = 0 }
                previous = previous == 0x5C && byte == 0x5C ? 0 : byte
                continue
            }
            if atLineStart {
                if byte == 0x20 { column += 1; previous = byte; continue }
                if byte == 0x2D { previous = byte; dashes += 1; continue }  // `-`: maybe a sequence entry
                atLineStart = false
                if byte != 0x23 && byte != 0x0D && flow == 0 {
                    // A content line: its indentation opens or closes block levels.
                    while let last = indents.last, last > column { indents.removeLast() }
                    if indents.last != column { indents.append(column) }
                    blockLevel = indents.count
                }
                note(blockLevel + dashes + flow)
            }
            switch byte {
            case 0x22 where Self.opensToken(previous), 0x27 where Self.opensToken(previous):  // `"` and `'`
                quote = byte
            case 0x23 where previous == 0x20 || previous == 0x09 || previous == 0x0A:
                inComment = true
            case 0x5B, 0x7B:  // `[` and `{`
                flow += 1
                note(blockLevel + dashes + flow)
            case 0x5D, 0x7D:
                flow = max(0, flow - 1)
            case 0x2A where Self.opensToken(previous):
                aliases += 1  // `*name`
            default:
                break
            }
            previous = byte
        }
    }
}
