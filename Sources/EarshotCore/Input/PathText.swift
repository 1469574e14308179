/// The pieces of a `/`-separated path, by hand: Foundation's NSString path methods trap on
/// one-letter paths such as `a` on Linux (swift-corelibs-foundation, Swift 6.3).
struct PathText {
    let path: String
    init(_ path: String) { self.path = path }

    var lastComponent: String { String(path.split(separator: "/").last ?? "") }

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
