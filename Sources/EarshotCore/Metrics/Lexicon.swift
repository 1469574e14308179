import Crypto
/// The four phrase lists of metrics.md section 2 that the text features look for. The built-in
/// version 1 is the default; `--lexicon FILE` replaces it with a file in the format below, and
/// `summary.json` names the lexicon used and the SHA-256 of its canonical text.
///
/// File format (UTF-8, LF or CRLF):
/// ```
/// # A comment: a line whose first non-blank character is '#'.
/// [action]
/// donate
/// give today
/// [event]
/// webinar
/// [recognition]
/// thank you
/// [solicitation]
/// let us know
/// ```
/// Every one of the four sections must appear exactly once (it may be empty); each other line
/// is one phrase. Phrases are compared as the body is: lower-cased, curly quotes folded, runs of
/// white space as one space. A phrase cannot start with `#` (it would be a comment), and needs
/// none: `donate` already matches `#donate`.
public struct Lexicon: Sendable, Equatable {
    public enum Section: String, CaseIterable, Sendable {
        case action, event, recognition, solicitation
    }

    /// `builtin-v1`, or the file's name.
    public let name: String
    /// Phrases per section, normalized, each once, in the order given.
    public let phrases: [Section: [String]]
    /// The lexicon written back in the file format, normalized: what `sha256` fingerprints.
    public let canonicalText: String
    /// SHA-256 of `canonicalText` (UTF-8), lower-case hex.
    public let sha256: String

    public init(name: String, phrases: [Section: [String]]) {
        self.name = name
        var normalized: [Section: [String]] = [:]
        var canonical = ""
        for section in Section.allCases {
            var list: [String] = []
            for phrase in phrases[section] ?? [] {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: PostBody.normalizePhrase(phrase))
                let text = String(view)
                if !text.isEmpty, !list.contains(text) { list.append(text) }
            }
            normalized[section] = list
            canonical += "[\(section.rawValue)]\n"
            for phrase in list { canonical += phrase + "\n" }
        }
        self.phrases = normalized
        self.canonicalText = canonical
        self.sha256 = SHA256.hex(canonical)
    }

    public func phrases(_ section: Section) -> [String] { phrases[section] ?? [] }

    /// Built-in lexicons, version 1 (metrics.md section 2).
    public static let builtin = Lexicon(name: "builtin-v1", phrases: [
        .action: [
            "donate", "donation", "donations", "give today", "give now", "make a gift", "pledge",
            "sponsor us", "support us", "fundraiser", "register", "registration", "rsvp", "sign up",
            "signup", "join", "join us", "get tickets", "tickets", "save the date", "attend",
            "volunteer", "volunteers", "we're hiring", "we are hiring", "apply", "apply now",
            "apply today", "sign the petition", "sign our petition", "call your", "contact your",
            "tell congress", "take action", "vote for", "nominate", "please rt", "please retweet",
            "pls rt", "please share", "buy", "shop", "order now", "on sale", "discount", "subscribe",
            "download", "install", "enroll", "learn how you can help", "help us", "help wanted",
            "contribute", "submit", "deadline", "check out our", "visit our", "read our", "watch our",
            "join our", "follow us", "follow @", "add to your calendar", "tune in", "don't miss",
            "share your story", "take our survey", "take the survey", "fill out",
        ],
        .event: [
            "call", "community call", "webinar", "workshop", "meetup", "conference", "talk",
            "session", "hackathon", "office hours", "coworking", "event", "panel", "keynote",
            "livestream", "unconf", "gala", "concert", "festival", "town hall", "open house",
        ],
        .recognition: [
            "thank", "thanks", "thank you", "thx", "congrats", "congratulations", "kudos",
            "shout out", "shoutout", "welcome", "well done", "proud of", "happy birthday",
            "happy anniversary", "good luck", "great work", "great job", "ff", "followfriday",
        ],
        .solicitation: [
            "you", "your", "anyone", "everyone", "who", "what do you think", "tell us", "share your",
            "let us know",
        ],
    ])
}

/// Why a lexicon file was refused; `line` is 0 for the file as a whole.
public struct LexiconError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var reason: String

    public var description: String {
        line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)"
    }
}

extension Lexicon {
    /// Parses a lexicon file's text (format in the type's documentation).
    /// - Parameters:
    ///   - text: the file's content.
    ///   - file: the file as the user named it, for messages; its last path component becomes
    ///     the lexicon's name.
    public static func parse(_ text: String, file: String) throws -> Lexicon {
        var phrases: [Section: [String]] = [:]
        var current: Section?
        var lineNumber = 0
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // Split on scalars: as Characters, "\r\n" is one grapheme and never equals "\n".
        for rawLine in body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Substring(rawLine).trimmingWhiteSpace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count >= 2 else {
                    throw LexiconError(file: file, line: lineNumber, reason: "section header without closing ']'")
                }
                let name = line.dropFirst().dropLast().trimmingWhiteSpace().lowercased()
                guard let section = Section(rawValue: name) else {
                    throw LexiconError(file: file, line: lineNumber,
                                       reason: "unknown section [\(name)]; expected [action], [event], [recognition] or [solicitation]")
                }
                guard phrases[section] == nil else {
                    throw LexiconError(file: file, line: lineNumber, reason: "section [\(name)] appears twice")
                }
                phrases[section] = []
                current = section
                continue
            }
            guard let section = current else {
                throw LexiconError(file: file, line: lineNumber, reason: "phrase before the first section header such as [action]")
            }
            phrases[section, default: []].append(String(line))
        }
        let missing = Section.allCases.filter { phrases[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { "[\($0.rawValue)]" }.joined(separator: ", ")
            throw LexiconError(file: file, line: 0, reason: "missing section \(names): a lexicon file replaces all four lexicons")
        }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return Lexicon(name: name, phrases: phrases)
    }

    /// Reads and parses a lexicon file.
    public static func load(path: String) throws -> Lexicon {
        let source = try FileSource(path: path)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LexiconError(file: path, line: 0, reason: "not valid UTF-8")
        }
        return try parse(text, file: path)
    }
}

extension Substring {
    fileprivate func trimmingWhiteSpace() -> Substring {
        var s = self
        while let first = s.unicodeScalars.first, CharClass.isWhite(first) { s = Substring(s.unicodeScalars.dropFirst()) }
        while let last = s.unicodeScalars.last, CharClass.isWhite(last) { s = Substring(s.unicodeScalars.dropLast()) }
        return s
    }
}
