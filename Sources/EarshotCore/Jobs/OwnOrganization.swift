import Foundation

/// What the command line says about the organization of a run without a registry: `--org`,
/// `--name`, `--sector`, `--domain` (README "Your own archive").
///
/// Decisions (issue 14; the spec only knows runs with a registry):
/// - Without a registry, every organization the files name is reported, with sector
///   `unregistered` (formats.md: a handle not in the registry is `unregistered`).
/// - `--org HANDLE` names the owner of the files that do not name one themselves (a legacy
///   `tweets.csv`): it takes the place of the folder-name rule. Files that name their account
///   (account.js, XML, twarc, analytics file names) keep it.
/// - `--name`, `--sector` or `--domain` build a one-row registry for that organization: the one
///   of `--org`, else the one organization the files name (it is an error when they name none
///   or several). Without `--sector` that row's sector stays `unregistered`: its domains still
///   let its own links be recognised.
public struct OwnOrganization: Sendable, Equatable {
    public var handle: String?
    public var name: String
    public var sector: Sector?
    public var domains: [String]

    public init(handle: String? = nil, name: String = "", sector: Sector? = nil, domains: [String] = []) {
        self.handle = handle.map { Handle.normalize($0) }
        self.name = name
        self.sector = sector
        self.domains = domains.compactMap(RegistryLoader.domain)
    }

    /// `--org`'s value is a handle (letters, digits and `_`, an optional leading `@`).
    public static func isHandle(_ text: String) -> Bool { StatusURL.isHandle(Handle.normalize(text)) }

    /// Something besides the handle was said: the organization gets a registry row.
    public var describesOrganization: Bool { !name.isEmpty || sector != nil || !domains.isEmpty }

    /// The one-row registry of a run without `--registry`; nil when nothing describes the
    /// organization (then every organization found is `unregistered`).
    func impliedRegistry(owners: () -> [String]) throws -> Registry? {
        guard describesOrganization else { return nil }
        let handle: String
        if let given = self.handle {
            handle = given
        } else {
            let found = owners()
            guard found.count == 1 else {
                let which = found.isEmpty
                    ? "the files do not name their account"
                    : "the files name \(found.count) accounts (" + found.prefix(5).map { "@" + $0 }.joined(separator: ", ") + (found.count > 5 ? ", …" : "") + ")"
                throw JobError.ownerUnknown("--name, --sector and --domain describe one organization, but \(which): say which with --org HANDLE, or give a registry (--registry FILE) for several")
            }
            handle = found[0]
        }
        return Registry([Organization(handle: handle, name: name, sector: sector ?? .unregistered, domains: domains)])
    }
}
