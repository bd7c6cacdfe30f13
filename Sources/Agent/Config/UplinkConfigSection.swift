import ClearanceProtocol
import ConfigFile
import Foundation
import Journal
import Records
import Uplink

/// `[uplink]` and `[reference]` of the agent's configuration.
enum UplinkConfigSection {
    static let uplinkKeys = ["url", "urls", "failback_seconds", "ca_file", "cert_file", "key_file", "central_key", "batch_max_records", "batch_max_bytes",
                             "retry_max_seconds", "rejected_retry_seconds", "request_timeout_seconds"]

    static func uplink(_ root: TOMLTable, _ validator: ConfigValidator) -> UplinkSettings? {
        guard let table = validator.section(root, "uplink", required: false, contents: "url") else { return nil }
        validator.rejectUnknownKeys(table, "uplink", known: uplinkKeys)
        let urls = receiverURLs(table, validator)
        let file = { (text: String) -> String? in
            guard text.hasPrefix("/") else { return "is not an absolute path" }
            return FileManager.default.isReadableFile(atPath: text) ? nil : "cannot be read"
        }
        let caFile = validator.string(table, "uplink", "ca_file", required: false, expected: "a readable PEM file", check: file)
        let certFile = validator.string(table, "uplink", "cert_file", required: false, expected: "a readable PEM file", check: file)
        // The TLS client key proves the board's identity to central: refused, like the device
        // key, when group or others can read it (the daemon loads the configuration the same way).
        let keyFile = validator.string(table, "uplink", "key_file", required: false,
                                       expected: "a readable PEM private key only its owner can read (mode 0600)") { text in
            file(text) ?? PrivateKeyFile.exposedMode(text).map { PrivateKeyFile.problem(text, mode: $0) }
        }
        let centralKey = validator.string(table, "uplink", "central_key", required: false,
                                          expected: "the base64 of the central service's raw 32-byte Ed25519 public key") {
            ReferenceEnvelope.publicKey(base64: $0) == nil ? "is not a usable Ed25519 public key" : nil
        }
        guard let urls, let first = urls.first else { return nil }
        var settings = UplinkSettings(baseURL: first, alternates: Array(urls.dropFirst()))
        settings.caFile = caFile
        settings.certFile = certFile
        settings.keyFile = keyFile
        settings.centralKey = centralKey.flatMap { Data(base64Encoded: $0) }.map(Array.init)
        if settings.isTLS && table["ca_file"] == nil {
            let which = table["url"] == nil ? "urls has an https URL" : "url is https"
            validator.report(.missing, line: (table["url"] ?? table["urls"])?.line ?? table.line,
                             "[uplink] \(which), so ca_file (the server's CA, PEM) is required")
        }
        if (table["cert_file"] == nil) != (table["key_file"] == nil) {
            validator.report(.missing, line: (table["cert_file"] ?? table["key_file"])!.line, "[uplink] cert_file and key_file go together (the client certificate for mutual TLS)")
        }
        if let records = validator.integer(table, "uplink", "batch_max_records", range: 1...Int64(IdempotencyKey.maximumRecords), unit: "records") {
            settings.batchMaxRecords = Int(records)
        }
        if let bytes = validator.integer(table, "uplink", "batch_max_bytes", range: 1024...67_108_864, unit: "bytes") {
            settings.batchMaxBytes = Int(bytes)
        }
        if let seconds = validator.integer(table, "uplink", "retry_max_seconds", range: 1...3600, unit: "seconds") {
            settings.retryMaxSeconds = Int(seconds)
        }
        if let seconds = validator.integer(table, "uplink", "rejected_retry_seconds", range: 1...86_400, unit: "seconds") {
            settings.rejectedRetrySeconds = Int(seconds)
        }
        if let seconds = validator.integer(table, "uplink", "request_timeout_seconds", range: 1...600, unit: "seconds") {
            settings.requestTimeoutSeconds = Int(seconds)
        }
        if let seconds = validator.integer(table, "uplink", "failback_seconds", range: 10...86_400, unit: "seconds") {
            settings.failbackSeconds = Int(seconds)
        }
        return settings
    }

    static let urlExpected = "an https:// URL of the clearance service (http:// only for loopback hosts)"
    /// More receivers than a site runs; each request may try every one of them twice.
    static let maximumURLs = 16

    /// `url`, or the list `urls` (exactly one of the two), each URL checked alike.
    private static func receiverURLs(_ table: TOMLTable, _ validator: ConfigValidator) -> [String]? {
        let check = { (text: String) -> String? in
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                  let host = components.host, !host.isEmpty else { return "is not an absolute URL" }
            guard scheme == "https" || scheme == "http" else { return "uses \(scheme)://" }
            if scheme == "http" && !UplinkSettings.isLoopback(host: host) { return "is plain http to a host that is not loopback" }
            if components.query != nil || components.fragment != nil { return "has a query or fragment" }
            return nil
        }
        switch (table["url"], table["urls"]) {
        case (let url?, let urls?):
            validator.report(.invalidValue, line: max(url.line, urls.line), "[uplink] has both url and urls; keep one (urls lists every receiver, in order of preference)")
            return nil
        case (nil, let urls?):
            guard case .array(let elements) = urls.value else {
                validator.report(.wrongType, line: urls.line, "uplink.urls must be an array of strings (\(urlExpected)), found \(urls.value.typeName)")
                return nil
            }
            guard elements.count <= maximumURLs else {
                validator.report(.invalidValue, line: urls.line, "uplink.urls lists \(elements.count) URLs; at most \(maximumURLs)")
                return nil
            }
            guard let list = validator.strings(table, "uplink", "urls", required: true, expected: urlExpected, check: check),
                  list.count == elements.count else { return nil }
            let normalised = list.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
            if let repeated = normalised.enumerated().first(where: { normalised[..<$0.offset].contains($0.element) }) {
                validator.report(.invalidValue, line: elements[repeated.offset].line, "uplink.urls lists \"\(list[repeated.offset])\" twice")
                return nil
            }
            return list
        default:
            return validator.string(table, "uplink", "url", required: true, expected: urlExpected + " (or urls, a list of them)", check: check).map { [$0] }
        }
    }

    static func reference(_ root: TOMLTable, _ validator: ConfigValidator) -> ReferenceSettings {
        var settings = ReferenceSettings()
        guard let table = validator.section(root, "reference", required: false, contents: "") else { return settings }
        validator.rejectUnknownKeys(table, "reference", known: ["file", "refresh_seconds"])
        settings.file = validator.string(table, "reference", "file", required: false, expected: "an absolute path to a signed reference file") {
            $0.hasPrefix("/") ? nil : "is not an absolute path"
        }
        if let seconds = validator.integer(table, "reference", "refresh_seconds", range: 10...86_400, unit: "seconds") {
            settings.refreshSeconds = Int(seconds)
        }
        // A central_key that is written but invalid is already reported under [uplink].
        let centralKeyWritten = if case .table(let uplink)? = root["uplink"]?.value { uplink["central_key"] != nil } else { false }
        if !centralKeyWritten {
            validator.report(.missing, line: table.line, "[reference] needs [uplink] central_key to verify the data it loads")
        }
        return settings
    }
}
