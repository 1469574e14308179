import Foundation

/// Counts the attributes of each start tag in the bytes on their way to libxml2, and stops a
/// document whose tag carries more than `ResourceLimits.maxXMLAttributes`. libxml2 2.9 looks for
/// duplicate attributes pairwise while it parses the tag, before any callback could object: one
/// element with 500,000 attributes took 170 s. The count has to happen before libxml2 sees them.
///
/// A small state machine that survives chunk boundaries: text is skipped with `memchr` for `<`;
/// inside a tag, `=` outside quotes counts an attribute; comments, CDATA, processing
/// instructions and declarations are skipped to their end, so that their text never counts.
struct XMLMarkupGuard {
    private enum State {
        case text
        /// Just after `<`.
        case open
        /// Just after `<!`: `-` starts a comment, `[` a CDATA section, anything else a declaration.
        case bang
        case tag
        case comment
        case cdata
        case instruction
        case declaration
    }

    private var state = State.text
    private var quote: UInt8 = 0
    private var attributes = 0
    /// The last two bytes seen inside a comment, CDATA section or instruction (for its end).
    private var last1: UInt8 = 0
    private var last2: UInt8 = 0
    /// Bytes scanned before the current chunk, and the offset of the refused tag's last `=`.
    private var scanned = 0
    private(set) var refusedAt = 0
    let maxAttributes: Int

    init(maxAttributes: Int) {
        self.maxAttributes = maxAttributes
    }

    /// Scans the next bytes; false as soon as a tag has too many attributes.
    mutating func admit(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let count = bytes.count
        var i = 0
        while i < count {
            switch state {
            case .text:
                guard let found = memchr(base + i, 0x3C, count - i) else {
                    scanned += count
                    return true
                }
                i = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
                state = .open
                continue
            case .open:
                switch base[i] {
                case 0x21: state = .bang                          // `<!`
                case 0x3F: state = .instruction; last1 = 0; last2 = 0  // `<?`
                default: state = .tag; quote = 0; attributes = 0; continue  // this byte is the name
                }
            case .bang:
                last1 = 0; last2 = 0
                switch base[i] {
                case 0x2D: state = .comment
                case 0x5B: state = .cdata
                default: state = .declaration; quote = 0
                }
            case .tag, .declaration:
                let byte = base[i]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == 0x22 || byte == 0x27 {
                    quote = byte
                } else if byte == 0x3E {
                    state = .text
                } else if byte == 0x3D, state == .tag {
                    attributes += 1
                    if attributes > maxAttributes { refusedAt = scanned + i; return false }
                }
            case .comment, .cdata, .instruction:
                let byte = base[i]
                if byte == 0x3E {
                    let ended: Bool
                    switch state {
                    case .comment: ended = last1 == 0x2D && last2 == 0x2D
                    case .cdata: ended = last1 == 0x5D && last2 == 0x5D
                    default: ended = last1 == 0x3F
                    }
                    if ended { state = .text }
                }
                last2 = last1
                last1 = byte
            }
            i += 1
        }
        scanned += count
        return true
    }
}
