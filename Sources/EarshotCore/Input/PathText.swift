/// The pieces of a `/`-separated path, by hand: Foundation's NSString path methods trap on
/// one-letter paths such as `a` on Linux (swift-corelibs-foundation, Swift 6.3).
struct PathText {
    let path: String
    init(_ path: String) { self.path = path }

    /// The last non-empty component (`b` for `a/b/`), found over UTF-8 bytes: discovery asks
    /// this of every file, and splitting the whole path into `Character`s showed in profiles.
    var lastComponent: String {
        let utf8 = path.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == 0x2F { end = utf8.index(before: end) }
        var start = end
        while start > utf8.startIndex, utf8[utf8.index(before: start)] != 0x2F { start = utf8.index(before: start) }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// The folder part: `.` for a bare name, `/` for a name in the root.
    var folder: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    var lastComponentWithoutExtension: String {
        let name = lastComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
