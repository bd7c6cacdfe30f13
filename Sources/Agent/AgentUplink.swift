import ClearanceProtocol
import Crypto
import Journal
import Logging
import ServiceLifecycle
import Uplink

extension AgentConfig {
    /// `[uplink]`, or a usage error naming the file when it is absent.
    public func requireUplink() throws(UplinkError) -> UplinkSettings {
        guard let uplink else { throw UplinkError.notConfigured(path) }
        return uplink
    }

    /// Where verified reference data is kept, when `[uplink] central_key` pins the signer.
    public var referenceStore: ReferenceStore? {
        guard let raw = uplink?.centralKey, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return nil }
        return ReferenceStore(stateDirectory: agent.stateDirectory, site: agent.site, centralKey: key)
    }

    /// The daemon's uplink and reference services for this configuration (none without `[uplink]`);
    /// `monitor` follows every upload attempt; `route` is the receiver choice shared with the evidence uploads.
    public func uplinkServices(journal: Journal, logger: Logger, monitor: UplinkMonitor? = nil, route: ReceiverRoute? = nil) throws(UplinkError)
        -> [any Service] {
        var services: [any Service] = []
        var client: ClearanceClient?
        if let uplink {
            let made = try ClearanceClient(settings: uplink, route: route)
            client = made
            monitor?.follow(made.route)
            services.append(UplinkService(uploader: try Uploader(journal: journal, client: made, logger: logger), client: made, logger: logger,
                                          onStep: { step, progress in monitor?.record(step, progress) }))
        }
        if let store = referenceStore, reference.file != nil || client != nil {
            let sync = ReferenceSync(store: store, settings: reference, client: reference.file == nil ? client : nil, journal: journal, logger: logger)
            services.append(ReferenceService(sync: sync, interval: .seconds(reference.refreshSeconds), logger: logger))
        }
        return services
    }
}
