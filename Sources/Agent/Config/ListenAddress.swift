/// `HOST:PORT` or `[IPv6]:PORT`, as `[http] listen` and `diag webhook --listen` take it.
public struct ListenAddress: Sendable, Hashable {
    public let host: String
    public let port: Int

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        self.host = host
        self.port = port
    }

    /// The host as a URL or `HOST:PORT` writes it: an IPv6 address in brackets.
    public var hostText: String { host.contains(":") ? "[\(host)]" : host }

    /// `HOST:PORT`, as the configuration wrote it.
    public var text: String { "\(hostText):\(port)" }
}
