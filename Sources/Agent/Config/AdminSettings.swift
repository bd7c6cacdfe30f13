/// `[http] admin_listen`: where the admin HTTP server (status page, `/metrics`, `/healthz`,
/// `/readyz`) listens; loopback by default so only the board itself (or an SSH tunnel) sees it.
public struct AdminSettings: Sendable, Equatable {
    /// The address `admin_listen` names when the file does not set it.
    public static let defaultListen = ListenAddress("127.0.0.1:9108")!

    /// Where to listen; nil when `admin_listen = "off"` (no admin server at all).
    public var listen: ListenAddress?

    public init(listen: ListenAddress? = AdminSettings.defaultListen) {
        self.listen = listen
    }
}
