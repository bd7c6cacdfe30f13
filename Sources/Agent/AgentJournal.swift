import Journal
import Records

extension AgentConfig {
    /// The device key from the state directory, refused if group or others can read it.
    public func loadDeviceKey() throws(KeyError) -> DeviceKey {
        try DeviceKey.load(from: paths.deviceKey)
    }

    /// Opens this board's journal for writing, after its integrity check.
    public func openJournal(options: JournalOptions? = nil) throws(JournalError) -> Journal {
        let key: DeviceKey
        do { key = try loadDeviceKey() } catch { throw JournalError(error) }
        return try Journal.open(paths: paths, device: agent.device, site: agent.site, key: key,
                                options: options ?? journalOptions)
    }
}
