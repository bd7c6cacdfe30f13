import Foundation

/// An officer who may override a lane's decision, as the signed reference data lists them: a
/// PIN hash (PBKDF2-HMAC-SHA256 with the officer's own salt and iteration count) and, when the
/// officer holds one, an Ed25519 public key. Made by `laneagent officer enrol`.
public struct Officer: Sendable, Equatable {
    /// The bounds every entry is held to. The reference data is signed, but a mistake at central
    /// (or a compromised signer) must not make a board spend minutes per attempt, or accept a
    /// hash too cheap to be worth having.
    public enum Bounds {
        /// Fewer rounds make a PIN hash cheap to guess offline; more make each attempt stall the board.
        public static let iterations = 100_000...2_000_000
        public static let saltBytes = 16...64
        /// PBKDF2's output length, as enrolment writes it: SHA-256's size.
        public static let hashBytes = 32
        /// What `laneagent officer enrol` uses unless told otherwise (OWASP's figure for PBKDF2-HMAC-SHA256).
        public static let defaultIterations = 600_000
        /// PINs as typed: long enough to be worth hashing, short enough to bound the work.
        public static let pinCharacters = 6...64
    }

    public var id: String
    public var salt: [UInt8]
    public var iterations: Int
    public var pinHash: [UInt8]
    /// The raw 32-byte Ed25519 public key of the key the officer holds, if enrolled with one.
    public var publicKey: [UInt8]?

    public init(id: String, salt: [UInt8], iterations: Int, pinHash: [UInt8], publicKey: [UInt8]? = nil) {
        self.id = id
        self.salt = salt
        self.iterations = iterations
        self.pinHash = pinHash
        self.publicKey = publicKey
    }

    /// The entry as the reference data holds it:
    /// `{"id","salt":base64,"iterations","pinHash":hex,"publicKey"?:base64}`.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "salt": .string(Data(salt).base64EncodedString()),
            "iterations": .number(Double(iterations)), "pinHash": .string(Hex.encode(pinHash)),
        ]
        if let publicKey { members["publicKey"] = .string(Data(publicKey).base64EncodedString()) }
        return .object(members)
    }

    /// Reads `officers[index]`; every error names the entry (and its id once known) and the field.
    public init(json: JSONValue, index: Int) throws(ReferenceDataError) {
        let fix = "; enrol the officer again with `laneagent officer enrol` and publish the entry it prints"
        guard case .object(let entry) = json else { throw ReferenceDataError("officers[\(index)] must be an object {\"id\",\"salt\",\"iterations\",\"pinHash\",\"publicKey\"?}") }
        guard case .string(let id)? = entry["id"], Identifier.isValid(id) else {
            throw ReferenceDataError("officers[\(index)].id must be the officer's badge number, \(Identifier.allowedDescription)")
        }
        let path = "officers[\(index)] (\(id))"
        guard case .string(let saltText)? = entry["salt"], let salt = Data(base64Encoded: saltText) else {
            throw ReferenceDataError("\(path).salt must be base64\(fix)")
        }
        guard Bounds.saltBytes.contains(salt.count) else {
            throw ReferenceDataError("\(path).salt is \(salt.count) bytes; it must be \(Bounds.saltBytes.lowerBound) to \(Bounds.saltBytes.upperBound)\(fix)")
        }
        guard let iterations = entry["iterations"]?.integerValue else {
            throw ReferenceDataError("\(path).iterations must be an integer from \(Bounds.iterations.lowerBound) to \(Bounds.iterations.upperBound)")
        }
        guard Bounds.iterations.contains(iterations) else {
            throw ReferenceDataError("\(path).iterations is \(iterations); it must be from \(Bounds.iterations.lowerBound) to \(Bounds.iterations.upperBound)\(fix)")
        }
        guard case .string(let hashText)? = entry["pinHash"], let pinHash = Hex.decode(hashText) else {
            throw ReferenceDataError("\(path).pinHash must be hex\(fix)")
        }
        guard pinHash.count == Bounds.hashBytes else {
            throw ReferenceDataError("\(path).pinHash is \(pinHash.count) bytes; it must be \(Bounds.hashBytes) (\(Bounds.hashBytes * 2) hex digits)\(fix)")
        }
        var publicKey: [UInt8]?
        switch entry["publicKey"] {
        case nil, .null?: publicKey = nil
        case .string(let text)?:
            guard let raw = Data(base64Encoded: text), raw.count == 32 else {
                throw ReferenceDataError("\(path).publicKey must be base64 of a raw 32-byte Ed25519 public key\(fix)")
            }
            publicKey = Array(raw)
        default:
            throw ReferenceDataError("\(path).publicKey must be base64 of a raw 32-byte Ed25519 public key\(fix)")
        }
        self.init(id: id, salt: Array(salt), iterations: iterations, pinHash: pinHash, publicKey: publicKey)
    }

    /// Reads the `officers` array: nil when the reference data has none (older data), and each
    /// id at most once, so an id always means one credential.
    static func roster(_ value: JSONValue?) throws(ReferenceDataError) -> [Officer]? {
        guard let value else { return nil }
        guard case .array(let items) = value else { throw ReferenceDataError("officers must be an array of officer entries") }
        var officers: [Officer] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let officer = try Officer(json: item, index: index)
            if let first = seen[officer.id] {
                throw ReferenceDataError("officers[\(index)] (\(officer.id)) repeats officers[\(first)]; list each officer once")
            }
            seen[officer.id] = index
            officers.append(officer)
        }
        return officers
    }
}
