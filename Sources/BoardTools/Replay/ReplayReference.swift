import Agent
import ClearanceProtocol
import Crypto
import Foundation
import LaneModel
import Uplink

/// The reference data a replay decides against, and where it came from.
public struct ReplayReference: Sendable {
    public var data: ReferenceData?
    /// The file, `[reference] file`, the held copy, or "none".
    public var source: String

    public init(data: ReferenceData?, source: String) {
        self.data = data
        self.source = source
    }

    /// `--reference FILE` when given (the JSON body, `site` optional; or a signed envelope,
    /// verified with `[uplink] central_key`), else `[reference] file`, else the copy the agent
    /// holds in its state directory, else none. Expiry is not checked here: a day recorded
    /// months ago replays against the data of its day, and `reference.fresh` judges its age.
    public static func resolve(file: String?, config: AgentConfig) throws(ReplayError) -> ReplayReference {
        if let file {
            return ReplayReference(data: try load(file, config: config, signedOnly: false), source: file)
        }
        if let file = config.reference.file {
            return ReplayReference(data: try load(file, config: config, signedOnly: true), source: file)
        }
        guard let store = config.referenceStore else { return ReplayReference(data: nil, source: "none") }
        do {
            guard let held = try store.load() else { return ReplayReference(data: nil, source: "none") }
            return ReplayReference(data: held.data, source: store.path)
        } catch {
            throw .reference(error)
        }
    }

    /// Reads reference data at `path`: a body (`{"version","issuedAt","vehicles","watchlist"}`)
    /// or a DSSE envelope signed by the central key.
    public static func load(_ path: String, config: AgentConfig, signedOnly: Bool) throws(ReplayError) -> ReferenceData {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw .reference(path, FileManager.default.fileExists(atPath: path) ? "cannot be read (permissions?)" : "does not exist")
        }
        let bytes = Array(contents)
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch { throw .reference(path, "is not JSON: \(error)") }
        if json["payloadType"] != nil || signedOnly {
            guard let raw = config.uplink?.centralKey, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                throw .reference(path, "is a signed envelope, and verifying it needs [uplink] central_key in \(config.path)")
            }
            do {
                return try ReferenceEnvelope.verify(bytes, source: path, centralKey: key, site: config.agent.site,
                                                    now: Timestamp(millisecondsSinceEpoch: Int64.min))
            } catch {
                throw .reference(error)
            }
        }
        guard case .object(var members) = json else { throw .reference(path, "must hold a JSON object") }
        // The body central signs names its site; a file written by hand for replay need not.
        if members["site"] == nil { members["site"] = .string(config.agent.site) }
        do {
            return try ReferenceData(json: .object(members))
        } catch {
            throw .reference(path, error.description)
        }
    }
}
