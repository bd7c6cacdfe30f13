import ConfigFile

/// `admin_listen` in `[http]`: the admin server's address, or `"off"` for none.
enum AdminConfigSection {
    /// The key, read beside the device gateway's keys in `[http]`.
    static let key = "admin_listen"

    static func admin(_ root: TOMLTable, _ validator: ConfigValidator) -> AdminSettings {
        var settings = AdminSettings()
        // A mistyped [http] itself is reported once, by the gateway's reader of the same section.
        guard let node = root["http"], case .table(let table) = node.value else { return settings }
        let expected = "HOST:PORT such as 127.0.0.1:9108, or \"off\" for no admin server"
        guard let text = validator.string(table, "http", key, required: false, expected: expected, check: {
            $0 == "off" || ListenAddress($0) != nil ? nil : "is not HOST:PORT"
        }) else { return settings }
        settings.listen = text == "off" ? nil : ListenAddress(text)
        return settings
    }
}
