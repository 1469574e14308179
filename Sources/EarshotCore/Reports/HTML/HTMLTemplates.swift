import Foundation
import Mustache

/// The Mustache templates of the report: the embedded defaults, replaced by name by the
/// `.mustache` files of a user's folder (subfolders give names like `partials/row`).
struct HTMLTemplates {
    let library: MustacheLibrary

    static func load(folder: String?) throws -> HTMLTemplates {
        var library = MustacheLibrary()
        for (name, text) in DefaultHTMLTemplates.texts.sorted(by: { $0.key < $1.key }) {
            library.register(try parse(text, path: "default template \(name).mustache"), named: name)
        }
        if let folder {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw HTMLReportError.templatesFolderNotFound(path: folder)
            }
            let base = URL(fileURLWithPath: folder, isDirectory: true)
            let files = (FileManager.default.subpaths(atPath: folder) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
            for relative in files {
                let path = base.appendingPathComponent(relative).path
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw HTMLReportError.templateUnreadable(path: path)
                }
                library.register(try parse(text, path: path), named: String(relative.dropLast(".mustache".count)))
            }
        }
        return HTMLTemplates(library: library)
    }

    func render(_ name: String, _ model: Any) throws -> String {
        guard let text = library.render(Self.values(model), withTemplate: name) else { throw HTMLReportError.templateMissing(name: name) }
        return text
    }

    /// A view model as nested dictionaries and arrays. swift-mustache looks a struct's fields up
    /// by reflection, once per variable, which made a page with a few hundred variables cost
    /// milliseconds; a dictionary is looked up directly. Same names, same values.
    static func values(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int:
            return value
        case let array as [Any]:
            return array.map(values)
        default:
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .struct else { return value }
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label { fields[label] = values(child.value) }
            }
            return fields
        }
    }

    private static func parse(_ text: String, path: String) throws -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw HTMLReportError.templateSyntax(path: path, line: error.context.lineNumber, column: error.context.columnNumber,
                                                 message: "\(error.error)")
        }
    }
}
